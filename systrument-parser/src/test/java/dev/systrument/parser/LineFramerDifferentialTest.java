package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.parser.internal.grammar.StraceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written framer is a fast copy of the grammar's {@code line} rule: on every line of
 * every corpus file both must frame the same kind, prefix, timestamp, name, arguments, result and
 * duration. The framer must also handle every corpus line itself (no fallback on real logs).
 */
class LineFramerDifferentialTest {

  static Stream<Path> logFiles() {
    return Corpus.logFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logFiles")
  void framerAgreesWithGrammarOnEveryLine(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    LineFramer framer = new LineFramer();
    FramedLine fast = new FramedLine();
    FramedLine slow = new FramedLine();
    List<String> disagreements = new ArrayList<>();
    int lineNo = 0;
    int compared = 0;
    int start = 0;
    while (start < all.length) {
      int nl = start;
      while (nl < all.length && all[nl] != '\n') {
        nl++;
      }
      lineNo++;
      int end = nl;
      int glued = GluedMessage.find(all, start, end);
      for (int[] piece : glued < 0 ? new int[][] {{start, end}} : new int[][] {{start, glued}, {glued, end}}) {
        compared++;
        boolean framed = framer.frame(all, piece[0], piece[1], fast);
        StraceGrammar.Outcome<StraceParser.LineContext> parsed = StraceGrammar.parseLine(all, piece[0], piece[1]);
        String text = new String(all, piece[0], piece[1] - piece[0], java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!parsed.ok()) {
          disagreements.add(lineNo + ": grammar rejects (" + parsed.column() + ": " + parsed.message() + "): " + text);
          continue;
        }
        if (!framed) {
          disagreements.add(lineNo + ": framer declined: " + text);
          continue;
        }
        slow.reset(all, piece[0], piece[1]);
        new AstBuilder(all, piece[0]).frame(parsed.tree(), slow);
        if (!fast.describe().equals(slow.describe())) {
          disagreements.add(lineNo + ": " + text + "\n  framer:  " + fast.describe() + "\n  grammar: " + slow.describe());
        }
      }
      start = nl + 1;
    }
    assertThat(compared).isGreaterThanOrEqualTo(lineNo);
    assertThat(disagreements).as("lines where framer and grammar disagree").isEmpty();
  }
}
