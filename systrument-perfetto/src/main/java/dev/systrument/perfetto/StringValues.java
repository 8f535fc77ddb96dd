package dev.systrument.perfetto;

import static dev.systrument.perfetto.PerfettoFields.Annotation;
import static dev.systrument.perfetto.PerfettoFields.Interned;

import java.util.Arrays;

/**
 * Debug annotation string values written once and then referred to by iid ({@code
 * DebugAnnotation.string_value_iid}, defined in {@code InternedData.debug_annotation_string_values}),
 * for the annotations whose values come back again and again: the {@code -y} paths of fds
 * ({@code fd.path}: a build names a few hundred files tens of thousands of times) and errno
 * messages ({@code No such file or directory}). The trace processor resolves them on import; its
 * {@code args} table holds the same strings either way. yy-450: 209 MB -> 185 MB of trace.
 *
 * <p>Not the arguments: their values repeat too, but among tens of thousands of distinct ones, so
 * the table they need no longer fits the CPU caches, and looking values up there cost the writer
 * a fifth of its time (yy-450: 479 -> 594 ns per event, for a trace of 129 MB instead of 209).
 *
 * <p>A direct-mapped table: a value whose slot another value took gets a new iid when it comes
 * back (the old definition stays valid, the trace just holds the string twice). Values shorter
 * than {@value #MIN_LENGTH} bytes stay inline, where a reference would be hardly shorter; longer
 * than {@value #MAX_LENGTH} bytes too, so the table stays small.
 */
final class StringValues {
  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 512;
  static final int SLOTS = 1 << 12;

  private final byte[][] keys = new byte[SLOTS][];
  private final long[] iids = new long[SLOTS];
  private long next = 1;

  /**
   * Writes {@code b[start, end)} as the string value of the debug annotation being built in
   * {@code p}: inline, or by iid, defining the iid in {@code pending} (the packet's interned data)
   * when it is new.
   */
  void write(ProtoBuffer p, ProtoBuffer pending, byte[] b, int start, int end) {
    int n = end - start;
    if (n < MIN_LENGTH || n > MAX_LENGTH) {
      p.bytes(Annotation.STRING_VALUE, b, start, n);
      return;
    }
    int slot = hash(b, start, end) & (SLOTS - 1);
    byte[] key = keys[slot];
    long iid;
    if (key != null && key.length == n && Arrays.equals(key, 0, n, b, start, end)) {
      iid = iids[slot];
    } else {
      iid = next++;
      keys[slot] = Arrays.copyOfRange(b, start, end);
      iids[slot] = iid;
      int mark = pending.beginMessage(Interned.DEBUG_ANNOTATION_STRING_VALUES);
      pending.uint64(Interned.ENTRY_IID, iid);
      pending.bytes(Interned.ENTRY_VALUE, b, start, n);
      pending.endMessage(mark);
    }
    p.uint64(Annotation.STRING_VALUE_IID, iid);
  }

  /**
   * From the length and seven bytes at the ends and in the middle ({@code n >= 8}): values differ
   * in length or near an end (paths, flags, structs with sizes and inode numbers), and hashing
   * every byte would cost more than the copy it saves.
   */
  private static int hash(byte[] b, int start, int end) {
    int n = end - start;
    int h = n;
    h = 31 * h + b[start + 1];
    h = 31 * h + b[start + 2];
    h = 31 * h + b[start + (n >>> 1)];
    h = 31 * h + b[start + (n >>> 2)];
    h = 31 * h + b[end - 1];
    h = 31 * h + b[end - 2];
    h = 31 * h + b[end - 3];
    return h ^ (h >>> 14);
  }
}
