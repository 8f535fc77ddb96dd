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

  /** The iid of {@code value}, defining it in {@code pending} if new; 0 when the table is full. */
  long iid(String value, ProtoBuffer pending) {
    Long known = iids.get(value);
    if (known != null) {
      return known;
    }
    if (iids.size() >= capacity) {
      return 0;
    }
    long iid = next++;
    iids.put(value, iid);
    int mark = pending.beginMessage(internedDataField);
    pending.uint64(PerfettoFields.Interned.ENTRY_IID, iid);
    pending.string(PerfettoFields.Interned.ENTRY_VALUE, value);
    pending.endMessage(mark);
    return iid;
  }
}
