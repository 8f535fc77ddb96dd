package dev.systrument.perfetto;

import static dev.systrument.perfetto.PerfettoFields.Packet;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one packet sequence we write, streamed: each packet is built in a reused {@link ProtoBuffer}
 * and appended to the output as {@code Trace.packet} (field 1, length-delimited), so memory does
 * not grow with the trace. Owns the interning tables, which are valid for the whole sequence: the
 * first packet clears the incremental state once and nothing ever clears it again.
 */
final class PacketStream {
  /** Our only {@code trusted_packet_sequence_id}. */
  static final int SEQUENCE_ID = 1;

  private final CodedOutputStream out;
  private final OutputStream sink;
  private final ProtoBuffer packet = new ProtoBuffer(4096);
  private final ProtoBuffer interned = new ProtoBuffer(1024);
  private boolean started;
  private long nextLogBodyIid = 1;

  final Interner eventNames = new Interner(PerfettoFields.Interned.EVENT_NAMES, 8192);
  final Interner categories = new Interner(PerfettoFields.Interned.EVENT_CATEGORIES, 64);
  final Interner annotationNames = new Interner(PerfettoFields.Interned.DEBUG_ANNOTATION_NAMES, 4096);

  PacketStream(OutputStream sink) {
    this.sink = sink;
    this.out = CodedOutputStream.newInstance(sink, 1 << 16);
  }

  /** Starts a packet; {@code timestampNs < 0} writes none. */
  ProtoBuffer begin(long timestampNs) {
    ensureStarted();
    packet.reset();
    interned.reset();
    if (timestampNs >= 0) {
      packet.uint64(Packet.TIMESTAMP, timestampNs);
    }
    return packet;
  }

  /** Interned entries defined while building the current packet go here. */
  ProtoBuffer pendingInterned() {
    return interned;
  }

  /** A fresh log body iid, its definition added to the current packet. Bodies are never reused. */
  long logBody(String body) {
    long iid = nextLogBodyIid++;
    int mark = interned.beginMessage(PerfettoFields.Interned.LOG_MESSAGE_BODY);
    interned.uint64(PerfettoFields.Interned.ENTRY_IID, iid);
    interned.string(PerfettoFields.Interned.ENTRY_VALUE, body);
    interned.endMessage(mark);
    return iid;
  }

  /** Finishes the current packet and appends it to the output. */
  void end(boolean needsIncrementalState) {
    if (interned.size() > 0) {
      packet.bytes(Packet.INTERNED_DATA, interned.array(), 0, interned.size());
    }
    packet.uint64(Packet.TRUSTED_PACKET_SEQUENCE_ID, SEQUENCE_ID);
    if (needsIncrementalState) {
      packet.uint64(Packet.SEQUENCE_FLAGS, Packet.SEQ_NEEDS_INCREMENTAL_STATE);
    }
    write(packet);
  }

  void flush() {
    try {
      ensureStarted();
      out.flush();
      sink.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void close() {
    try {
      flush();
    } finally {
      try {
        sink.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The first packet: clears the sequence's incremental state so the interned data that follows
   * is accepted (the trace processor drops interned data on a sequence that was never cleared).
   */
  private void ensureStarted() {
    if (started) {
      return;
    }
    started = true;
    ProtoBuffer first = new ProtoBuffer(16);
    first.uint64(Packet.TRUSTED_PACKET_SEQUENCE_ID, SEQUENCE_ID);
    first.uint64(Packet.SEQUENCE_FLAGS, Packet.SEQ_INCREMENTAL_STATE_CLEARED);
    first.bool(Packet.FIRST_PACKET_ON_SEQUENCE, true);
    write(first);
  }

  private void write(ProtoBuffer p) {
    try {
      out.writeTag(PerfettoFields.TRACE_PACKET, 2);
      out.writeUInt32NoTag(p.size());
      out.writeRawBytes(p.array(), 0, p.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
