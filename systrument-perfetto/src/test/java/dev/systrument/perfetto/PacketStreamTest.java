package dev.systrument.perfetto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.perfetto.proto.Trace;
import dev.systrument.perfetto.proto.TracePacket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packets go to the output whole, in order, across many output buffers; a packet cut short does not. */
class PacketStreamTest {

  @Test
  void manyPacketsOfEverySizeAcrossBufferBoundaries() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Integer> writes = new ArrayList<>();
    PacketStream stream = new PacketStream(new java.io.FilterOutputStream(bytes) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writes.add(len);
        out.write(b, off, len);
      }
    });
    int packets = 3000;
    for (int i = 0; i < packets; i++) {
      ProtoBuffer p = stream.begin(1_000_000_000L + i);
      int event = p.beginMessage(PerfettoFields.Packet.TRACK_EVENT);
      p.string(PerfettoFields.Event.NAME, "n".repeat(i % 300)); // 0..299 bytes: one- and two-byte lengths
      p.endMessage(event);
      stream.end(true);
    }
    stream.close();

    List<TracePacket> decoded = Trace.parseFrom(bytes.toByteArray()).getPacketList();
    assertThat(decoded).hasSize(packets + 1); // the first clears the incremental state
    assertThat(decoded.get(0).getFirstPacketOnSequence()).isTrue();
    for (int i = 0; i < packets; i++) {
      TracePacket packet = decoded.get(i + 1);
      assertThat(packet.getTimestamp()).isEqualTo(1_000_000_000L + i);
      assertThat(packet.getTrackEvent().getName()).hasSize(i % 300);
      assertThat(packet.getTrustedPacketSequenceId()).isEqualTo(PacketStream.SEQUENCE_ID);
    }
    assertThat(writes).as("written in large pieces, not per packet").hasSizeLessThan(packets / 50);
  }

  @Test
  void aPacketCutShortByAnExceptionIsLeftOut() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PacketStream stream = new PacketStream(bytes);
    ProtoBuffer p = stream.begin(1);
    p.string(PerfettoFields.Event.NAME, "never finished"); // e.g. a writer bug threw here
    p = stream.begin(2);
    stream.end(false);
    p = stream.begin(3);
    p.uint64(PerfettoFields.Packet.TRUSTED_PACKET_SEQUENCE_ID, 9); // cut short again, then closed
    stream.close();

    List<TracePacket> decoded = Trace.parseFrom(bytes.toByteArray()).getPacketList();
    assertThat(decoded).extracting(TracePacket::getTimestamp).containsExactly(0L, 2L);
  }
}
