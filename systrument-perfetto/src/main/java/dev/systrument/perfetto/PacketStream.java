package dev.systrument.perfetto;

import static dev.systrument.perfetto.PerfettoFields.Packet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one packet sequence we write, streamed: each packet is built as {@code Trace.packet} (field
 * 1, length-delimited) right where it goes in a reused output buffer of {@value #FLUSH_AT} bytes
 * and more, which is handed to the output stream whenever it is that full, so memory does not grow
 * with the trace and a packet's bytes are copied only once, to the stream. Owns the interning
 * tables, which are valid for the whole sequence: the first packet clears the incremental state
 * once and nothing ever clears it again.
 */
final class PacketStream {
  /** Our only {@code trusted_packet_sequence_id}. */
  static final int SEQUENCE_ID = 1;

  /** Where the output buffer is handed to the sink: large writes, few calls. */
  private static final int FLUSH_AT = 1 << 16;

  private final OutputStream sink;
  /** Whole packets, then the one being built (from {@link #packetMark}). */
  private final ProtoBuffer out = new ProtoBuffer(FLUSH_AT + 8192);
  private final ProtoBuffer interned = new ProtoBuffer(1024);
  private int packetMark = -1;
  private boolean started;
  private long nextLogBodyIid = 1;

  final Interner eventNames = new Interner(PerfettoFields.Interned.EVENT_NAMES, 8192);
  final Interner categories = new Interner(PerfettoFields.Interned.EVENT_CATEGORIES, 64);
  final Interner annotationNames = new Interner(PerfettoFields.Interned.DEBUG_ANNOTATION_NAMES, 4096);
  final StringValues stringValues = new StringValues();

  PacketStream(OutputStream sink) {
    this.sink = sink;
  }

  /** Starts a packet; {@code timestampNs < 0} writes none. */
  ProtoBuffer begin(long timestampNs) {
    ensureStarted();
    dropUnfinishedPacket();
    interned.reset();
    packetMark = out.beginMessage(PerfettoFields.TRACE_PACKET);
    if (timestampNs >= 0) {
      out.uint64(Packet.TIMESTAMP, timestampNs);
    }
    return out;
  }

  /**
   * A whole packet holding a TrackEvent with only its type and track: what {@link #begin}, a
   * TrackEvent message with two fields and {@link #end} write (the same bytes), in one go. Every
   * syscall slice ends with one, so they are half the packets of a trace.
   */
  void trackEventOnly(long timestampNs, int type, long trackUuid) {
    ensureStarted();
    dropUnfinishedPacket();
    int eventLength = 1 + ProtoBuffer.varintSize(type) + 1 + ProtoBuffer.varintSize(trackUuid);
    int packetLength = 1 + ProtoBuffer.varintSize(timestampNs) + 1 + 1 + eventLength + 2 + 2;
    // one-byte tags and lengths (a packet like this is far shorter than 128 bytes)
    byte[] b = out.room(2 + packetLength);
    int at = out.size();
    b[at++] = (byte) (PerfettoFields.TRACE_PACKET << 3 | 2);
    b[at++] = (byte) packetLength;
    b[at++] = (byte) (Packet.TIMESTAMP << 3);
    at = ProtoBuffer.putVarint(b, at, timestampNs);
    b[at++] = (byte) (Packet.TRACK_EVENT << 3 | 2);
    b[at++] = (byte) eventLength;
    b[at++] = (byte) (PerfettoFields.Event.TYPE << 3);
    at = ProtoBuffer.putVarint(b, at, type);
    b[at++] = (byte) (PerfettoFields.Event.TRACK_UUID << 3);
    at = ProtoBuffer.putVarint(b, at, trackUuid);
    b[at++] = (byte) (Packet.TRUSTED_PACKET_SEQUENCE_ID << 3);
    b[at++] = (byte) SEQUENCE_ID;
    b[at++] = (byte) (Packet.SEQUENCE_FLAGS << 3);
    b[at++] = (byte) Packet.SEQ_NEEDS_INCREMENTAL_STATE;
    out.setSize(at);
    if (at >= FLUSH_AT) {
      drain();
    }
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

  /** Finishes the current packet; the output gets it with the next full buffer or {@link #flush}. */
  void end(boolean needsIncrementalState) {
    if (interned.size() > 0) {
      out.bytes(Packet.INTERNED_DATA, interned.array(), 0, interned.size());
    }
    out.uint64(Packet.TRUSTED_PACKET_SEQUENCE_ID, SEQUENCE_ID);
    if (needsIncrementalState) {
      out.uint64(Packet.SEQUENCE_FLAGS, Packet.SEQ_NEEDS_INCREMENTAL_STATE);
    }
    out.endMessage(packetMark);
    packetMark = -1;
    if (out.size() >= FLUSH_AT) {
      drain();
    }
  }

  void flush() {
    try {
      ensureStarted();
      drain();
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
    int mark = out.beginMessage(PerfettoFields.TRACE_PACKET);
    out.uint64(Packet.TRUSTED_PACKET_SEQUENCE_ID, SEQUENCE_ID);
    out.uint64(Packet.SEQUENCE_FLAGS, Packet.SEQ_INCREMENTAL_STATE_CLEARED);
    out.bool(Packet.FIRST_PACKET_ON_SEQUENCE, true);
    out.endMessage(mark);
  }

  /**
   * A packet whose building was cut short by an exception (reported by whoever caught it) is left
   * out, so the file holds only whole packets.
   */
  private void dropUnfinishedPacket() {
    if (packetMark >= 0) {
      out.setSize(packetMark - 1); // from its one-byte Trace.packet tag
      packetMark = -1;
    }
  }

  /** Hands the whole packets to the sink (never a packet being built). */
  private void drain() {
    dropUnfinishedPacket();
    try {
      sink.write(out.array(), 0, out.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.reset();
  }
}
