package dev.systrument.perfetto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable byte buffer that encodes protobuf fields in place: the hot path builds every packet
 * here, without message objects. Nested messages are written where they will stay: {@link
 * #beginMessage} reserves one length byte, {@link #endMessage} fills it in and, in the rare case
 * the message is 128 bytes or longer, moves the content right by the extra length bytes.
 */
final class ProtoBuffer {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LEN = 2;

  private byte[] buf;
  private int pos;

  ProtoBuffer(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  void reset() {
    pos = 0;
  }

  int size() {
    return pos;
  }

  /**
   * The array to write {@code n} bytes into by hand, from {@link #size()}; {@link #setSize} then.
   * For the one packet written millions of times whole ({@link PacketStream#trackEventOnly}).
   */
  byte[] room(int n) {
    ensure(n);
    return buf;
  }

  /**
   * The content ends at {@code size}: after writing into {@link #room}, or to forget what follows
   * (a packet cut short).
   */
  void setSize(int size) {
    pos = size;
  }

  /** Writes {@code value} as a varint at {@code at}; returns the index after it. */
  static int putVarint(byte[] b, int at, long value) {
    if ((value >>> 56) != 0 && value > 0) {
      // 57 to 63 bits, nine bytes: every timestamp (ns since 1970), two per syscall slice.
      // Unrolled: the loop cost a tenth of the writer's time at C1
      b[at] = (byte) (value | 0x80);
      b[at + 1] = (byte) (value >>> 7 | 0x80);
      b[at + 2] = (byte) (value >>> 14 | 0x80);
      b[at + 3] = (byte) (value >>> 21 | 0x80);
      b[at + 4] = (byte) (value >>> 28 | 0x80);
      b[at + 5] = (byte) (value >>> 35 | 0x80);
      b[at + 6] = (byte) (value >>> 42 | 0x80);
      b[at + 7] = (byte) (value >>> 49 | 0x80);
      b[at + 8] = (byte) (value >>> 56);
      return at + 9;
    }
    while ((value & ~0x7FL) != 0) {
      b[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[at++] = (byte) value;
    return at;
  }

  byte[] array() {
    return buf;
  }

  void uint64(int field, long value) {
    ensure(16);
    // Written inline: two or more per field of every packet, and C1 (which the CLI runs with)
    // does not inline calls this deep. Most of our field numbers are below 16: a one-byte tag.
    int tag = field << 3; // | WIRE_VARINT (0)
    if (tag < 0x80) {
      buf[pos++] = (byte) tag;
    } else {
      rawVarint(tag);
    }
    if ((value & ~0x7FL) == 0) {
      buf[pos++] = (byte) value;
    } else {
      rawVarint(value);
    }
  }

  void bool(int field, boolean value) {
    tag(field, WIRE_VARINT);
    ensure(1);
    buf[pos++] = (byte) (value ? 1 : 0);
  }

  void fixed64(int field, long value) {
    tag(field, WIRE_FIXED64);
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (value >>> (8 * i));
    }
  }

  void string(int field, String value) {
    byte[] utf8 = utf8(value);
    bytes(field, utf8, 0, utf8.length);
  }

  /** {@link #string} for a text that rarely repeats: written without going through the cache (see {@link #rawTextOnce}). */
  void stringOnce(int field, String value) {
    int mark = beginMessage(field);
    rawTextOnce(value);
    endMessage(mark);
  }

  /**
   * Appends {@code value}'s UTF-8 bytes without tag or length: content of a length-delimited field
   * opened with {@link #beginMessage}, as {@link ValueText} writes a value's text in pieces.
   */
  void rawText(String value) {
    byte[] utf8 = utf8(value);
    rawBytes(utf8, 0, utf8.length);
  }

  /**
   * {@link #rawText} for texts that are rarely repeated, such as numbers ({@code 0x7f58f0e50000},
   * {@code 34547}): copied char by char instead of through the cache, where they would only miss
   * and allocate. Non-ASCII text still goes out as UTF-8.
   */
  void rawTextOnce(String value) {
    int n = value.length();
    ensure(n);
    int start = pos;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        pos = start;
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        rawBytes(utf8, 0, utf8.length);
        return;
      }
      buf[pos++] = (byte) c;
    }
  }

  /** Appends bytes without tag or length (see {@link #rawText}). */
  void rawBytes(byte[] data, int offset, int len) {
    ensure(len);
    System.arraycopy(data, offset, buf, pos, len);
    pos += len;
  }

  /** Appends one ASCII character without tag or length (see {@link #rawText}). */
  void rawAscii(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
  }

  private static final int TEXT_SLOTS = 1024;
  private static final int TEXT_CACHED_LENGTH = 256;
  private final String[] textKeys = new String[TEXT_SLOTS];
  private final byte[][] textBytes = new byte[TEXT_SLOTS][];

  /**
   * The UTF-8 bytes of {@code s}, from a small direct-mapped cache: the same names, symbols and
   * -y paths ({@code /usr/lib/x86_64-linux-gnu/libc.so.6}) are written millions of times, mostly
   * as the very same String instances, and encoding them char by char dominated the profile.
   */
  byte[] utf8(String s) {
    if (s.length() > TEXT_CACHED_LENGTH) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    int h = s.hashCode();
    int slot = (h ^ (h >>> 16)) & (TEXT_SLOTS - 1);
    if (s.equals(textKeys[slot])) {
      return textBytes[slot];
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    textKeys[slot] = s;
    textBytes[slot] = utf8;
    return utf8;
  }

  /** {@code len < 0} means the whole array. */
  void bytes(int field, byte[] data, int offset, int len) {
    int n = len < 0 ? data.length - offset : len;
    tag(field, WIRE_LEN);
    rawVarint(n);
    ensure(n);
    System.arraycopy(data, offset, buf, pos, n);
    pos += n;
  }

  /** Starts a length-delimited sub-message; pass the result to {@link #endMessage}. */
  int beginMessage(int field) {
    ensure(11);
    int tag = (field << 3) | WIRE_LEN;
    if (tag < 0x80) {
      buf[pos++] = (byte) tag;
    } else {
      rawVarint(tag);
    }
    return pos++;
  }

  void endMessage(int mark) {
    int len = pos - mark - 1;
    if (len < 0x80) {
      buf[mark] = (byte) len;
      return;
    }
    int extra = varintSize(len) - 1;
    ensure(extra);
    System.arraycopy(buf, mark + 1, buf, mark + 1 + extra, len);
    int saved = pos + extra;
    pos = mark;
    rawVarint(len);
    pos = saved;
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long value) {
    ensure(10);
    if ((value & ~0x7FL) == 0) { // tags and most lengths: one byte
      buf[pos++] = (byte) value;
      return;
    }
    pos = putVarint(buf, pos, value);
  }

  static int varintSize(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
