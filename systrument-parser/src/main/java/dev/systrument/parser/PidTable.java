package dev.systrument.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from pid to value without boxing: consulted for every syscall line (is a call of this
 * task waiting for its resumed half?), so {@code HashMap<Integer, V>} would allocate an Integer
 * per line for every pid above 127. Open addressing with linear probing; removal shifts the
 * following entries back so no tombstones accumulate.
 */
final class PidTable<V> {
  private int[] keys = new int[64];
  private Object[] values = new Object[64];
  private int size;

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(int pid) {
    if (size == 0) {
      return null;
    }
    int mask = keys.length - 1;
    for (int i = mix(pid) & mask; values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == pid) {
        return (V) values[i];
      }
    }
    return null;
  }

  void put(int pid, V value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = mix(pid) & mask;
    for (; values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == pid) {
        values[i] = value;
        return;
      }
    }
    keys[i] = pid;
    values[i] = value;
    size++;
  }

  @SuppressWarnings("unchecked")
  V remove(int pid) {
    if (size == 0) {
      return null;
    }
    int mask = keys.length - 1;
    int i = mix(pid) & mask;
    for (; values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == pid) {
        V old = (V) values[i];
        values[i] = null;
        size--;
        // shift back entries of the same probe run that would no longer be found
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
          int home = mix(keys[j]) & mask;
          boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
          if (!between) {
            keys[i] = keys[j];
            values[i] = values[j];
            values[j] = null;
            i = j;
          }
        }
        return old;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  List<V> values() {
    List<V> out = new ArrayList<>(size);
    for (Object v : values) {
      if (v != null) {
        out.add((V) v);
      }
    }
    return out;
  }

  void clear() {
    java.util.Arrays.fill(values, null);
    size = 0;
  }

  private void grow() {
    int[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }

  static int mix(int pid) {
    int h = pid * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
