package dev.systrument.model.value;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to text the way the JSON and the exporters want it: valid UTF-8 as is, every byte of an
 * invalid sequence as {@code \xHH}, so no information is lost and no replacement char appears.
 */
public final class Utf8Text {
  private Utf8Text() {}

  public static String decode(byte[] bytes) {
    boolean ascii = true;
    for (byte b : bytes) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length * 4);
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isUnderflow()) {
        break;
      }
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          int b = in.get() & 0xff;
          out.put('\\').put('x').put(Character.forDigit(b >> 4, 16)).put(Character.forDigit(b & 15, 16));
        }
      }
    }
    out.flip();
    return out.toString();
  }

  /**
   * Writes {@code decode(in[from, to))} as UTF-8 into {@code out} from {@code at}, without a
   * String: valid sequences as they are, each byte of an invalid one as {@code \xHH}. Returns
   * the end of what it wrote; {@code out} needs room for {@code 4 * (to - from)} bytes.
   *
   * <p>Why: strings from binary files ({@code read(3, "\177ELF\2\1\1..."...)}) are most of a
   * build log's non-ASCII text, and going through a String for them was a tenth of the Perfetto
   * writer's time. The invalid sequences and their lengths are those of the JDK's UTF-8 decoder
   * that {@link #decode} uses (Utf8TextTest compares both on millions of random arrays).
   */
  public static int appendSanitized(byte[] in, int from, int to, byte[] out, int at) {
    int p = from;
    int o = at;
    while (p < to) {
      int b1 = in[p];
      if (b1 >= 0) {
        out[o++] = (byte) b1;
        p++;
        continue;
      }
      int valid = validSequenceLength(in, p, to);
      if (valid > 0) {
        System.arraycopy(in, p, out, o, valid);
        o += valid;
        p += valid;
        continue;
      }
      int bad = -valid;
      for (int i = 0; i < bad; i++) {
        int b = in[p + i] & 0xff;
        out[o++] = '\\';
        out[o++] = 'x';
        out[o++] = HEX[b >> 4];
        out[o++] = HEX[b & 15];
      }
      p += bad;
    }
    return o;
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /**
   * Whether {@code bytes} are valid UTF-8, that is whether {@link #decode} gives them back without
   * any {@code \xHH} (for outputs that must say when a string's text is not all there is to it:
   * strace2json then adds the bytes).
   */
  public static boolean isValid(byte[] bytes) {
    int p = 0;
    while (p < bytes.length) {
      if (bytes[p] >= 0) {
        p++;
        continue;
      }
      int valid = validSequenceLength(bytes, p, bytes.length);
      if (valid < 0) {
        return false;
      }
      p += valid;
    }
    return true;
  }

  /**
   * At a byte beyond ASCII: the length of the valid sequence starting there, or minus the number
   * of bytes the JDK's decoder reports as one malformed input (at the end of the input, all that
   * remains of an incomplete sequence).
   */
  private static int validSequenceLength(byte[] in, int p, int to) {
    int b1 = in[p];
    int remaining = to - p;
    if ((b1 >> 5) == -2 && (b1 & 0x1e) != 0) { // 110xxxxx, not an overlong C0/C1
      if (remaining < 2) {
        return -remaining;
      }
      return isContinuation(in[p + 1]) ? 2 : -1;
    }
    if ((b1 >> 4) == -2) { // 1110xxxx
      if (remaining < 3) {
        if (remaining > 1 && isMalformed3Of2(b1, in[p + 1])) {
          return -1;
        }
        return -remaining;
      }
      int b2 = in[p + 1];
      int b3 = in[p + 2];
      if (isMalformed3Of2(b1, b2) || !isContinuation(b3)) {
        return ((b1 == (byte) 0xe0 && (b2 & 0xe0) == 0x80) || !isContinuation(b2)) ? -1 : -2;
      }
      int c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      return c >= 0xd800 && c <= 0xdfff ? -3 : 3; // a surrogate is no character
    }
    if ((b1 >> 3) == -2) { // 11110xxx
      int u1 = b1 & 0xff;
      if (remaining < 4) {
        if (u1 > 0xf4 || (remaining > 1 && isMalformed4Of2(u1, in[p + 1] & 0xff))) {
          return -1;
        }
        if (remaining > 2 && !isContinuation(in[p + 2])) {
          return -2;
        }
        return -remaining;
      }
      int b2 = in[p + 1];
      int b3 = in[p + 2];
      int b4 = in[p + 3];
      int cp = ((u1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
      if (!isContinuation(b2) || !isContinuation(b3) || !isContinuation(b4) || cp < 0x10000 || cp > 0x10ffff) {
        int u2 = b2 & 0xff;
        if (u1 > 0xf4 || (u1 == 0xf0 && (u2 < 0x90 || u2 > 0xbf)) || (u1 == 0xf4 && (u2 & 0xf0) != 0x80)
            || !isContinuation(b2)) {
          return -1;
        }
        return isContinuation(b3) ? -3 : -2;
      }
      return 4;
    }
    return -1;
  }

  private static boolean isContinuation(int b) {
    return (b & 0xc0) == 0x80;
  }

  private static boolean isMalformed3Of2(int b1, int b2) {
    return (b1 == (byte) 0xe0 && (b2 & 0xe0) == 0x80) || !isContinuation(b2);
  }

  private static boolean isMalformed4Of2(int u1, int u2) {
    return (u1 == 0xf0 && (u2 < 0x90 || u2 > 0xbf)) || (u1 == 0xf4 && (u2 & 0xf0) != 0x80) || !isContinuation(u2);
  }
}
