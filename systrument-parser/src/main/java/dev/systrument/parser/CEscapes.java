package dev.systrument.parser;

/**
 * The bytes a strace string literal stands for. strace prints strings as C literals: printable
 * ASCII as is, {@code \n \t \r \v \f \" \\} as such, other bytes as octal {@code \ooo} (or hex
 * {@code \xHH} with -x/-xx). Strings are bytes, not text: {@code "\303\251"} is the two bytes of
 * UTF-8 "é", and {@code "\377"} a byte that is no text at all.
 */
final class CEscapes {
  private CEscapes() {}

  /** Decodes {@code b[start, end)}: the literal between (not including) its quotes. */
  static byte[] decode(byte[] b, int start, int end) {
    byte[] out = new byte[end - start];
    int n = decodeInto(b, start, end, out, 0);
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /**
   * Decodes {@code b[start, end)} into {@code out} from {@code at} (room for {@code end - start}
   * bytes needed: decoding never lengthens); returns the end of what it wrote.
   */
  static int decodeInto(byte[] b, int start, int end, byte[] out, int at) {
    int n = at;
    for (int p = start; p < end; p++) {
      byte c = b[p];
      if (c != '\\' || p + 1 >= end) {
        out[n++] = c;
        continue;
      }
      byte e = b[++p];
      switch (e) {
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'v': out[n++] = 0x0b; break;
        case 'f': out[n++] = '\f'; break;
        case 'a': out[n++] = 0x07; break;
        case 'b': out[n++] = '\b'; break;
        case 'e': out[n++] = 0x1b; break;
        case 'x': {
          int v = 0;
          int digits = 0;
          while (digits < 2 && p + 1 < end && Character.digit(b[p + 1], 16) >= 0) {
            v = v * 16 + Character.digit(b[++p], 16);
            digits++;
          }
          out[n++] = digits == 0 ? (byte) 'x' : (byte) v;
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            for (int digits = 1; digits < 3 && p + 1 < end && b[p + 1] >= '0' && b[p + 1] <= '7'; digits++) {
              v = v * 8 + (b[++p] - '0');
            }
            out[n++] = (byte) v;
          } else {
            // \" \\ \' \? and anything unknown: the character itself
            out[n++] = e;
          }
      }
    }
    return n;
  }
}
