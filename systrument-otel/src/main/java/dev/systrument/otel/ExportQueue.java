package dev.systrument.otel;

import dev.systrument.otel.OtlpAnswer.PartialSuccess;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A bounded queue in front of one OTLP exporter, drained in batches by one thread; {@link #add}
 * blocks while the queue is full. This replaces the SDK's {@code BatchSpanProcessor}, which drops
 * silently when its queue is full: a build log easily has 100k processes and millions of log
 * records, produced much faster than a collector takes them.
 *
 * <p>Each batch is exported once and waited for; the SDK retries inside that one call (see {@link
 * OtlpEndpoint}). When a batch still fails, the queue gives up: the endpoint is down or refusing,
 * and trying each of thousands of batches for the full timeout would take hours. Everything after
 * that is counted as failed without being sent.
 *
 * <p>An acknowledged batch may still be partly refused (OTLP partial success: a 200 whose body
 * says {@code rejected_spans: 3}); those items count as failed, the rest as exported, and sending
 * goes on: the endpoint works, it just did not want those items. The OTLP spec forbids retrying
 * them.
 *
 * @param <T> {@code SpanData} or {@code LogRecordData}
 */
final class ExportQueue<T> {
  private static final Object END = new Object();

  private final String signal;
  private final String endpoint;
  private final Function<Collection<T>, CompletableResultCode> export;
  private final Supplier<PartialSuccess> partialSuccess;
  private final int batchSize;
  private final Duration timeout;
  private final long waitNanos;
  private final ExportErrors errors;
  private final BlockingQueue<Object> queue;
  private final Thread worker;
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean broken;
  private boolean closed;

  /**
   * @param signal what is exported, for messages ({@code spans}, {@code log records})
   * @param partialSuccess the partial success of the batch whose export just succeeded
   * @param timeout the exporter's request timeout (retries included); we wait a little longer
   */
  ExportQueue(
      String signal,
      String endpoint,
      Function<Collection<T>, CompletableResultCode> export,
      Supplier<PartialSuccess> partialSuccess,
      int batchSize,
      int capacity,
      Duration timeout,
      ExportErrors errors) {
    this.signal = signal;
    this.endpoint = endpoint;
    this.export = export;
    this.partialSuccess = partialSuccess;
    this.batchSize = batchSize;
    this.timeout = timeout;
    this.waitNanos = timeout.plusSeconds(5).toNanos();
    this.errors = errors;
    this.queue = new ArrayBlockingQueue<>(Math.max(capacity, batchSize));
    this.worker = new Thread(this::drain, "systrument-otel-" + signal.replace(' ', '-'));
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Queues {@code item}, waiting while the queue is full; counts it failed once the endpoint failed. */
  void add(T item) {
    if (broken) {
      failed.incrementAndGet();
      return;
    }
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.incrementAndGet();
      errors.record("interrupted while queueing " + signal + " for " + endpoint);
    }
  }

  /** Exports what is queued, stops the worker and waits for it. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(END);
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      errors.record("interrupted while exporting " + signal + " to " + endpoint);
    }
  }

  long exported() {
    return exported.get();
  }

  /**
   * Items not acknowledged or rejected by the receiver; includes items still queued if close was
   * interrupted.
   */
  long failed() {
    return failed.get() + countQueued();
  }

  private long countQueued() {
    return queue.stream().filter(o -> o != END).count();
  }

  private void drain() {
    List<T> batch = new ArrayList<>(batchSize);
    boolean end = false;
    while (!end) {
      Object first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return; // only close() can stop us; a stray interrupt leaves the rest counted as queued
      }
      end = first == END;
      if (!end) {
        batch.add(cast(first));
        // Take what is already there, up to a batch, without waiting for more: when the producer
        // is fast the queue is full and batches are full; when it is slow, latency stays low.
        while (batch.size() < batchSize) {
          Object next = queue.poll();
          if (next == null) {
            break;
          }
          if (next == END) {
            end = true;
            break;
          }
          batch.add(cast(next));
        }
      }
      if (!batch.isEmpty()) {
        exportBatch(batch);
        batch = new ArrayList<>(batchSize); // the exporter may still hold the old one after a timeout
      }
    }
  }

  private void exportBatch(List<T> batch) {
    if (broken) {
      failed.addAndGet(batch.size());
      return;
    }
    String error;
    try {
      CompletableResultCode result = export.apply(batch);
      result.join(waitNanos, TimeUnit.NANOSECONDS);
      if (result.isSuccess()) {
        acknowledged(batch.size(), partialSuccess.get());
        return;
      }
      error = result.isDone()
          ? ExportErrors.describe(result.getFailureThrowable(), timeout)
          : "no answer within " + ExportErrors.seconds(Duration.ofNanos(waitNanos));
    } catch (RuntimeException e) {
      error = ExportErrors.describe(e, timeout);
    }
    failed.addAndGet(batch.size());
    broken = true;
    errors.record("cannot export " + signal + " to " + endpoint + ": " + error);
  }

  /** Counts a batch the receiver answered with 2xx, minus what its partial success rejected. */
  private void acknowledged(int size, PartialSuccess answer) {
    long rejected = Math.min(answer.rejected(), size); // a receiver cannot reject more than we sent
    exported.addAndGet(size - rejected);
    if (rejected > 0) {
      failed.addAndGet(rejected);
      String why = answer.message().isBlank() ? "no reason given" : ExportErrors.oneLine(answer.message());
      errors.record("receiver rejected " + rejected + " of " + size + " " + signal + " sent to " + endpoint + ": " + why);
    }
  }

  @SuppressWarnings("unchecked")
  private T cast(Object o) {
    return (T) o;
  }
}
