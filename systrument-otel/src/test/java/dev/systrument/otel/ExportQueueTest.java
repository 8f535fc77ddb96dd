package dev.systrument.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtlpAnswer.PartialSuccess;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The queue's contract, with the export call under the test's control (each batch completes only
 * when the test says so): the producer blocks instead of dropping, batches go one at a time,
 * after a failed batch the rest is counted, not sent, and what a partial success rejected counts
 * as failed.
 */
class ExportQueueTest {
  private final LinkedBlockingQueue<CompletableResultCode> pending = new LinkedBlockingQueue<>();
  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final ExportErrors errors = new ExportErrors();
  /** The partial success the "receiver" gives with the next acknowledged batch. */
  private final AtomicReference<PartialSuccess> nextAnswer = new AtomicReference<>(PartialSuccess.NONE);

  private PartialSuccess answer() {
    return nextAnswer.getAndSet(PartialSuccess.NONE);
  }

  private CompletableResultCode export(Collection<Integer> batch) {
    batches.add(new ArrayList<>(batch));
    CompletableResultCode result = new CompletableResultCode();
    pending.add(result);
    return result;
  }

  @Test
  void producerWaitsWhileTheQueueIsFullAndNothingIsDropped() throws Exception {
    ExportQueue<Integer> queue =
        new ExportQueue<>("items", "http://receiver", this::export, this::answer, 2, 4, Duration.ofSeconds(30), errors);
    Thread producer = new Thread(() -> {
      for (int i = 0; i < 20; i++) {
        queue.add(i);
      }
    });
    producer.start();
    // The first batch is out and unanswered; the queue fills up (4) and the producer must wait.
    CompletableResultCode first = pending.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    waitUntilBlocked(producer);
    assertThat(batches).hasSize(1);

    first.succeed();
    for (int answered = 1; producer.isAlive() || !pending.isEmpty(); answered++) {
      CompletableResultCode next = pending.poll(10, TimeUnit.SECONDS);
      assertThat(next).as("batch %d", answered).isNotNull();
      next.succeed();
    }
    producer.join();
    Thread closer = new Thread(queue::close);
    closer.start();
    while (closer.isAlive()) {
      CompletableResultCode next = pending.poll(100, TimeUnit.MILLISECONDS);
      if (next != null) {
        next.succeed();
      }
    }
    assertThat(queue.exported()).isEqualTo(20);
    assertThat(queue.failed()).isZero();
    assertThat(batches.stream().flatMap(List::stream)).containsExactlyElementsOf(range(20));
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 2));
  }

  @Test
  void afterAFailedBatchTheRestIsCountedNotSent() throws Exception {
    ExportQueue<Integer> queue =
        new ExportQueue<>("spans", "http://receiver/v1/traces", this::export, this::answer, 5, 5, Duration.ofSeconds(30), errors);
    queue.add(0);
    CompletableResultCode first = pending.poll(10, TimeUnit.SECONDS);
    first.fail();
    for (int i = 1; i < 100; i++) {
      queue.add(i); // never blocks for long: nothing is sent any more
    }
    queue.close();
    assertThat(batches).hasSize(1);
    assertThat(queue.exported()).isZero();
    assertThat(queue.failed()).isEqualTo(100);
    assertThat(errors.first()).startsWith("cannot export spans to http://receiver/v1/traces: ");
  }

  @Test
  void rejectedItemsOfAnAcknowledgedBatchCountAsFailedAndSendingGoesOn() throws Exception {
    ExportQueue<Integer> queue =
        new ExportQueue<>("spans", "http://receiver/v1/traces", this::export, this::answer, 4, 4, Duration.ofSeconds(30), errors);
    queue.add(0);
    CompletableResultCode first = pending.poll(10, TimeUnit.SECONDS);
    nextAnswer.set(new PartialSuccess(1, "span 0: name\ntoo long"));
    first.succeed();
    queue.add(1);
    CompletableResultCode second = pending.poll(10, TimeUnit.SECONDS);
    assertThat(second).as("sending goes on after a partial success").isNotNull();
    nextAnswer.set(new PartialSuccess(0, "deprecated attribute")); // a warning: nothing rejected
    second.succeed();
    queue.add(2);
    CompletableResultCode third = pending.poll(10, TimeUnit.SECONDS);
    nextAnswer.set(new PartialSuccess(7, "")); // more than the batch: a receiver's bug, capped
    third.succeed();
    queue.close();

    assertThat(batches).containsExactly(List.of(0), List.of(1), List.of(2));
    assertThat(queue.exported()).isEqualTo(1);
    assertThat(queue.failed()).isEqualTo(2);
    assertThat(errors.first()).isEqualTo("receiver rejected 1 of 1 spans sent to http://receiver/v1/traces: span 0: name too long");
  }

  private static void waitUntilBlocked(Thread t) throws InterruptedException {
    for (int i = 0; i < 1000 && t.getState() != Thread.State.WAITING; i++) {
      Thread.sleep(10);
    }
    assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }
}
