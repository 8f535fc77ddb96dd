package dev.systrument.parser;

import java.util.Arrays;

/**
 * A small direct-mapped cache from byte ranges to values, so that the same bytes in the log give
 * the same object without building a String first: syscall names and comms (interned: a build
 * log names a few hundred syscalls millions of times) and frequent results ({@code 0},
 * {@code -1 ENOENT (No such file or directory)}). On a slot collision the newer key wins; the
 * cache never grows.
 */
final class ByteKeyedCache<V> {

  /** Builds the value for bytes not in the cache. */
  @FunctionalInterface
  interface Factory<V> {
    V create(byte[] b, int start, int end);
  }

  private final byte[][] keys;
  private final Object[] values;
  private final int mask;
  private final Factory<V> factory;

  ByteKeyedCache(int slotsPowerOfTwo, Factory<V> factory) {
    this.keys = new byte[slotsPowerOfTwo][];
    this.values = new Object[slotsPowerOfTwo];
    this.mask = slotsPowerOfTwo - 1;
    this.factory = factory;
  }

  @SuppressWarnings("unchecked")
  V get(byte[] b, int start, int end) {
    // The first and last 16 bytes and the length: results such as `3</usr/lib/x86_64-linux-gnu/
    // libc.so.6>` are long, share prefixes and differ at the end; hashing every byte was a twelfth
    // of the reader's time (C2). A collision costs only a miss (the key is compared in full).
    int h = end - start;
    int headEnd = Math.min(end, start + 16);
    for (int i = start; i < headEnd; i++) {
      h = 31 * h + b[i];
    }
    for (int i = Math.max(headEnd, end - 16); i < end; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ (h >>> 16)) & mask;
    byte[] key = keys[slot];
    if (key != null && sameBytes(key, b, start, end)) {
      return (V) values[slot];
    }
    V v = factory.create(b, start, end);
    keys[slot] = Arrays.copyOfRange(b, start, end);
    values[slot] = v;
    return v;
  }

  /**
   * {@code Arrays.equals} over ranges, by hand for the short keys that are nearly all of them
   * (syscall names, comms, small results): its range checks and the vectorized mismatch cost more
   * than they save below a few dozen bytes.
   */
  private static boolean sameBytes(byte[] key, byte[] b, int start, int end) {
    int n = key.length;
    if (n != end - start) {
      return false;
    }
    if (n > 32) {
      return Arrays.equals(key, 0, n, b, start, end);
    }
    for (int i = 0; i < n; i++) {
      if (key[i] != b[start + i]) {
        return false;
      }
    }
    return true;
  }
}
