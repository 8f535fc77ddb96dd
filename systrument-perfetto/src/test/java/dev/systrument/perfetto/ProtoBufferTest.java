package dev.systrument.perfetto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written encoder gives the same bytes as protobuf's own, at every length boundary. */
class ProtoBufferTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 126, 127, 128, 129, 16_383, 16_384, 70_000})
  void nestedMessagesOfAnyLength(int contentLength) throws IOException {
    String text = "x".repeat(contentLength);
    String utf8 = "é€" + text;

    ProtoBuffer ours = new ProtoBuffer(4);
    int outer = ours.beginMessage(11);
    ours.uint64(9, 1);
    ours.uint64(4, -1L);
    ours.fixed64(47, 0x1234_5678_9abc_def0L);
    ours.bool(2, true);
    int inner = ours.beginMessage(4);
    ours.string(6, text);
    ours.endMessage(inner);
    ours.string(23, utf8);
    ours.endMessage(outer);

    ByteArrayOutputStream innerBytes = new ByteArrayOutputStream();
    CodedOutputStream in = CodedOutputStream.newInstance(innerBytes);
    in.writeString(6, text);
    in.flush();
    ByteArrayOutputStream outerBytes = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(outerBytes);
    o.writeUInt64(9, 1);
    o.writeInt64(4, -1L);
    o.writeFixed64(47, 0x1234_5678_9abc_def0L);
    o.writeBool(2, true);
    o.writeBytes(4, ByteString.copyFrom(innerBytes.toByteArray()));
    o.writeString(23, utf8);
    o.flush();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    CodedOutputStream e = CodedOutputStream.newInstance(expected);
    e.writeBytes(11, ByteString.copyFrom(outerBytes.toByteArray()));
    e.flush();

    assertThat(Arrays.copyOf(ours.array(), ours.size())).isEqualTo(expected.toByteArray());
  }

  @Test
  void varintsOfEveryBitLength() throws IOException {
    List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE,
        1_795_658_719_241_275_000L)); // a timestamp in ns: nine bytes
    Random random = new Random(7);
    for (int bits = 1; bits < 64; bits++) {
      values.add(1L << bits);
      values.add((1L << bits) - 1);
      values.add((random.nextLong() >>> (64 - bits)) | (1L << (bits - 1)));
    }
    for (long value : values) {
      ProtoBuffer ours = new ProtoBuffer(1);
      ours.uint64(8, value);
      byte[] direct = new byte[12];
      int end = ProtoBuffer.putVarint(direct, 1, value);

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      CodedOutputStream e = CodedOutputStream.newInstance(expected);
      e.writeUInt64(8, value);
      e.flush();
      byte[] want = expected.toByteArray();
      assertThat(Arrays.copyOf(ours.array(), ours.size())).as("uint64 %d", value).isEqualTo(want);
      assertThat(Arrays.copyOfRange(direct, 1, end)).as("putVarint %d", value).isEqualTo(Arrays.copyOfRange(want, 1, want.length));
    }
  }
}
