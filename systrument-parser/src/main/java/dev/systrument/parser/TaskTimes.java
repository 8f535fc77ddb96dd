package dev.systrument.parser;

import java.util.Arrays;

/**
 * The latest timestamp delivered per task, without boxing (updated for every delivered event):
 * tells an event delivered late because its task was blocked in it (make's {@code wait4} while
 * its compilers run: nothing of that task came in between) from one delivered after later events
 * of its own task (a reorder window too small for the log's disorder). Open addressing with
 * linear probing as in {@link PidTable}, with primitive values; tasks are never removed.
 */
final class TaskTimes {
  private static final long EMPTY = Long.MIN_VALUE;

  private int[] keys = new int[64];
  private long[] times = filled(64);
  private int size;

  /** The latest time delivered for {@code pid}, or {@link Long#MIN_VALUE} if none was. */
  long latest(int pid) {
    int mask = keys.length - 1;
    for (int i = PidTable.mix(pid) & mask; times[i] != EMPTY; i = (i + 1) & mask) {
      if (keys[i] == pid) {
        return times[i];
      }
    }
    return EMPTY;
  }

  /** Records that an event of {@code pid} at {@code ts} was delivered. */
  void delivered(int pid, long ts) {
    if (ts == EMPTY) {
      return;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = PidTable.mix(pid) & mask;
    for (; times[i] != EMPTY; i = (i + 1) & mask) {
      if (keys[i] == pid) {
        if (ts > times[i]) {
          times[i] = ts;
        }
        return;
      }
    }
    keys[i] = pid;
    times[i] = ts;
    size++;
  }

  private void grow() {
    int[] oldKeys = keys;
    long[] oldTimes = times;
    keys = new int[oldKeys.length * 2];
    times = filled(oldKeys.length * 2);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldTimes[i] != EMPTY) {
        delivered(oldKeys[i], oldTimes[i]);
      }
    }
  }

  private static long[] filled(int n) {
    long[] a = new long[n];
    Arrays.fill(a, EMPTY);
    return a;
  }
}
