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
}
