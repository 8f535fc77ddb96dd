package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSourceTest {

  @Test
  void newlineSearchFindsTheFirstNewlineAtEveryOffset() {
    Random random = new Random(1);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // bytes near '\n' and with the high bit set stress the bit trick
        b[i] = (byte) (random.nextInt(8) == 0 ? '\n' : random.nextBoolean() ? 0x0b + random.nextInt(3) - 1 : random.nextInt(256));
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length);
      int to = from + (b.length == from ? 0 : random.nextInt(b.length - from + 1));
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(LineSource.indexOfNewline(b, from, to)).isEqualTo(expected);
    }
  }
}
