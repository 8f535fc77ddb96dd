package dev.systrument.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Text#appendSanitized} must write exactly the UTF-8 of {@link Utf8Text#decode}, which
 * goes through the JDK's decoder: compared on arrays made to hit every branch of UTF-8 (lead
 * bytes of each length, continuations, overlongs, surrogates, beyond U+10FFFF, cut sequences at
 * the end) and on plain random bytes; {@link Utf8Text#isValid} must agree with the JDK's strict
 * decoder on the same arrays.
 */
class Utf8TextTest {
  /** Bytes that matter to a UTF-8 decoder, weighted towards the edges of each range. */
  private static final int[] INTERESTING = {
    0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee,
    0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xfb, 0xfc, 0xfe, 0xff,
  };

  @Test
  void sameAsDecodingOnMillionsOfArrays() {
    Random random = new Random(42);
    byte[] out = new byte[4 * 16 + 8];
    for (int i = 0; i < 2_000_000; i++) {
      byte[] in = new byte[random.nextInt(9)];
      for (int j = 0; j < in.length; j++) {
        in[j] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)]);
      }
      byte[] expected = Utf8Text.decode(in).getBytes(StandardCharsets.UTF_8);
      int end = Utf8Text.appendSanitized(in, 0, in.length, out, 3);
      assertThat(Utf8Text.isValid(in)).as("valid %s", Arrays.toString(in)).isEqualTo(strictlyDecodes(in));
      if (!Arrays.equals(out, 3, end, expected, 0, expected.length)) {
        assertThat(new String(out, 3, end - 3, StandardCharsets.UTF_8))
            .as("sanitized %s", Arrays.toString(in))
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void examples() {
    assertThat(sanitized("é€😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("é€😀");
    assertThat(sanitized(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, (byte) 0xff})).isEqualTo("\u007fELF\u0002\u0001\u0001\\xff");
    assertThat(sanitized(new byte[] {(byte) 0xe2, (byte) 0x82})).isEqualTo("\\xe2\\x82"); // cut at the end
    assertThat(sanitized(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isEqualTo("\\xed\\xa0\\x80"); // a surrogate
    assertThat(sanitized(new byte[] {(byte) 0xc0, (byte) 0xaf, 'a'})).isEqualTo("\\xc0\\xafa"); // overlong
  }

  private static boolean strictlyDecodes(byte[] in) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(in));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static String sanitized(byte[] in) {
    byte[] out = new byte[4 * in.length];
    int end = Utf8Text.appendSanitized(in, 0, in.length, out, 0);
    return new String(out, 0, end, StandardCharsets.UTF_8);
  }
}
