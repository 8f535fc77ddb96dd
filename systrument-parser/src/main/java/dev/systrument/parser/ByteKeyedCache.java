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
    int h = 1;
    for (int i = start; i < end; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ (h >>> 16)) & mask;
    byte[] key = keys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, b, start, end)) {
      return (V) values[slot];
    }
    V v = factory.create(b, start, end);
    keys[slot] = Arrays.copyOfRange(b, start, end);
    values[slot] = v;
    return v;
  }
}
