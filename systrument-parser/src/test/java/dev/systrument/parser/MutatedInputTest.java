package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SignalEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never throws: corpus logs with random byte damage (deleted, duplicated, replaced
 * bytes, cut lines) must read to the end, every damaged line either an event, a problem or a
 * foreign line, and decoding any argument must not throw either.
 */
class MutatedInputTest {
  private static final byte[] NOISE = "()[]{}<>\"\\,=|.-0123456789 xX/*?+~!&@:".getBytes();

  @Test
  void damagedLogsReadToTheEndWithoutExceptions() throws IOException {
    Random random = new Random(7);
    for (var file : Corpus.logFiles()) {
      byte[] original = Files.readAllBytes(file);
      for (int round = 0; round < 2; round++) {
        byte[] damaged = damage(original, random);
        List<Problem> problems = new ArrayList<>();
        try (StraceReader reader = StraceReader.open(new ByteArrayInputStream(damaged), file.toString(),
            ReaderOptions.defaults().withProblemSink(problems::add).withValidateArguments(round == 0))) {
          for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
            if (e instanceof SyscallEvent s) {
              assertThat(s.arguments().values()).isNotNull();
            } else if (e instanceof SignalEvent g) {
              assertThat(g.siginfo().values()).isNotNull();
            }
          }
          ReadSummary summary = reader.summary();
          assertThat(summary.problems()).isEqualTo(problems.size());
          assertThat(problems).allSatisfy(p -> {
            assertThat(p.line()).isBetween(1L, summary.physicalLines());
            assertThat(p.column()).isPositive();
            assertThat(p.format()).startsWith(file + ":" + p.line() + ":" + p.column() + ": ");
          });
        }
      }
    }
  }

  /** {@code in} with about one byte in a hundred deleted, inserted, replaced, or a line cut there. */
  static byte[] damage(byte[] in, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 1024);
    for (int i = 0; i < in.length; i++) {
      int dice = random.nextInt(400);
      if (dice == 0) {
        continue; // delete
      } else if (dice == 1) {
        out.write(NOISE[random.nextInt(NOISE.length)]); // insert
      } else if (dice == 2) {
        out.write(NOISE[random.nextInt(NOISE.length)]); // replace
        continue;
      } else if (dice == 3) {
        out.write('\n'); // cut the line
      }
      out.write(in[i]);
    }
    return out.toByteArray();
  }
}
