package dev.systrument.model.stats;

import java.util.Arrays;

/**
 * How many of something (processes, threads) were running over time, from their starts and ends
 * given in any order: the tracker reports a task held back until its spawn was known after later
 * events. The one sweep behind {@code stats}' parallelism and the Perfetto writer's running-count
 * tracks.
 *
 * <p>Each change is one {@code long}: {@code ts * 2 + 1} for a start, {@code ts * 2} for an end, so
 * that at one timestamp ends sort first (a parent forking a child in the instant another ended is
 * not counted three times). The key is unsigned, since a timestamp may use all 63 bits (a fuzzed
 * log's): its sign bit is flipped so that a signed sort orders it.
 */
public final class RunningCounts {
  /** Called once per distinct timestamp, in time order, with the count after all its changes. */
  @FunctionalInterface
  public interface Step {
    void at(long ts, long running);
  }

  private long[] changes = new long[256];
  private int size;
  /** How many of the changes are sorted: all of them after a sweep, until the next add. */
  private int sorted;

  public void add(long ts, boolean start) {
    if (size == changes.length) {
      changes = Arrays.copyOf(changes, size * 2);
    }
    changes[size++] = ((ts << 1) | (start ? 1 : 0)) ^ Long.MIN_VALUE;
  }

  /** No change was added. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The earliest timestamp of a change; only when not {@link #isEmpty()}. */
  public long firstTs() {
    sort();
    return ts(0);
  }

  /** Sorts the changes (once more only if more came since) and walks them. */
  public void sweep(Step step) {
    sort();
    long running = 0;
    for (int i = 0; i < size; i++) {
      running += (changes[i] & 1) != 0 ? 1 : -1;
      long ts = ts(i);
      if (i + 1 == size || ts(i + 1) != ts) {
        step.at(ts, running);
      }
    }
  }

  private void sort() {
    if (sorted != size) {
      Arrays.sort(changes, 0, size);
      sorted = size;
    }
  }

  private long ts(int i) {
    return (changes[i] ^ Long.MIN_VALUE) >>> 1;
  }
}
