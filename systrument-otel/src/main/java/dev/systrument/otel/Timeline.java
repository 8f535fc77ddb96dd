package dev.systrument.otel;

import dev.systrument.model.TraceEvent;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The log's time range as seen so far, and the shift applied to every exported timestamp: zero, or
 * with {@code --relative-to-now} "now minus the first timestamp", fixed at the first timestamp
 * seen (the only one known when the first record is exported), so durations are preserved.
 */
final class Timeline {
  private final boolean relativeToNow;
  private final LongSupplier nowEpochNanos;
  private long first = TraceEvent.NO_TIMESTAMP;
  private long last = TraceEvent.NO_TIMESTAMP;
  private long shift;

  Timeline(boolean relativeToNow) {
    this(relativeToNow, Timeline::currentEpochNanos);
  }

  Timeline(boolean relativeToNow, LongSupplier nowEpochNanos) {
    this.relativeToNow = relativeToNow;
    this.nowEpochNanos = nowEpochNanos;
  }

  /** Records a timestamp from the log; {@link TraceEvent#NO_TIMESTAMP} is ignored. */
  void observe(long timestampNs) {
    if (timestampNs == TraceEvent.NO_TIMESTAMP) {
      return;
    }
    if (first == TraceEvent.NO_TIMESTAMP) {
      first = timestampNs;
      last = timestampNs;
      if (relativeToNow) {
        shift = nowEpochNanos.getAsLong() - timestampNs;
      }
    } else if (timestampNs > last) {
      last = timestampNs;
    }
  }

  boolean isEmpty() {
    return first == TraceEvent.NO_TIMESTAMP;
  }

  /** The first timestamp seen (log time, unshifted). */
  long first() {
    return first;
  }

  /** The latest timestamp seen (log time, unshifted). */
  long last() {
    return last;
  }

  /** Exported time of a log timestamp; an unknown one ({@link TraceEvent#NO_TIMESTAMP}) maps to {@code fallback}'s. */
  long toEpochNanos(long timestampNs, long fallback) {
    long t = timestampNs != TraceEvent.NO_TIMESTAMP ? timestampNs : fallback;
    return t + shift;
  }

  private static long currentEpochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
