package dev.systrument.model.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Tasks by tid: an open-addressing hash table with {@code int} keys, so that the per-event lookup
 * on the tracker's hot path neither boxes the tid nor allocates. Tids are positive; 0 marks an
 * empty slot. Removal uses backward-shift deletion (no tombstone slots), so lookups stay short
 * however many tasks come and go in a long build log.
 */
final class TaskTable {
  private int[] keys = new int[64];
  private TaskState[] values = new TaskState[64];
  private int size;

  TaskState get(int tid) {
    int mask = keys.length - 1;
    for (int i = slot(tid, mask); ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == tid) {
        return values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  /** Maps {@code tid} to {@code task}, replacing any previous mapping. */
  void put(int tid, TaskState task) {
    if (tid <= 0) {
      throw new IllegalArgumentException("tid must be positive: " + tid);
    }
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(tid, mask); ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == tid) {
        values[i] = task;
        return;
      }
      if (k == 0) {
        keys[i] = tid;
        values[i] = task;
        size++;
        return;
      }
    }
  }

  /** Removes the mapping of {@code tid}, if any. */
  void remove(int tid) {
    int mask = keys.length - 1;
    int i = slot(tid, mask);
    while (keys[i] != tid) {
      if (keys[i] == 0) {
        return;
      }
      i = (i + 1) & mask;
    }
    // Backward-shift: move later entries of the same probe run into the hole.
    int hole = i;
    for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      // Entry j may fill the hole when its home slot is not within (hole, j] cyclically.
      boolean homeBetween = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (!homeBetween) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    values[hole] = null;
    size--;
  }

  int size() {
    return size;
  }

  /** Every task in the table, in no particular order. */
  List<TaskState> values() {
    List<TaskState> all = new ArrayList<>(size);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        all.add(values[i]);
      }
    }
    return all;
  }

  private void grow() {
    int[] oldKeys = keys;
    TaskState[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new TaskState[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(int tid, int mask) {
    // Tids are often consecutive; a multiplicative hash spreads them over the table.
    return (tid * 0x9E3779B9 >>> 7) & mask;
  }
}
