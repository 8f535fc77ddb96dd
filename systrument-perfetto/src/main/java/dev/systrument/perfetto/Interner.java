package dev.systrument.perfetto;

import java.util.HashMap;

/**
 * One table of interned strings on our single packet sequence (event names, categories, debug
 * annotation names). A new string gets the next iid and its entry is appended to the packet being
 * built, so the definition always travels with (or before) its first use.
 *
 * <p>The table is capped: names come from a bounded vocabulary (syscall names, signal names,
 * argument names) except executable names, which a pathological log could make unbounded; past
 * the cap, callers write the string inline instead (iid 0).
 */
final class Interner {
  private final int internedDataField;
  private final int capacity;
  private final HashMap<String, Long> iids = new HashMap<>();
  private long next = 1;

  Interner(int internedDataField, int capacity) {
    this.internedDataField = internedDataField;
    this.capacity = capacity;
  }

  /**
   * The last iids answered, by the string's hash: the names come back as the very same String
   * instances (syscall names and argument keys are interned or constants), so a hit is one
   * identity comparison, with no boxing and no {@code equals}.
   */
  private final String[] recentKeys = new String[256];
  private final long[] recentIids = new long[256];

  /** The iid of {@code value}, defining it in {@code pending} if new; 0 when the table is full. */
  long iid(String value, ProtoBuffer pending) {
    int slot = value.hashCode() & (recentKeys.length - 1);
    if (recentKeys[slot] == value) {
      return recentIids[slot];
    }
    Long known = iids.get(value);
    if (known != null) {
      recentKeys[slot] = value;
      recentIids[slot] = known;
      return known;
    }
    if (iids.size() >= capacity) {
      return 0;
    }
    long iid = next++;
    iids.put(value, iid);
    recentKeys[slot] = value;
    recentIids[slot] = iid;
    int mark = pending.beginMessage(internedDataField);
    pending.uint64(PerfettoFields.Interned.ENTRY_IID, iid);
    pending.string(PerfettoFields.Interned.ENTRY_VALUE, value);
    pending.endMessage(mark);
    return iid;
  }
}
