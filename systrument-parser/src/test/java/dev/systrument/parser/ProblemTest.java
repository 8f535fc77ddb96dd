package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What a problem shows of its line: a terminal must get neither the log's control bytes (a NUL, an
 * escape sequence) nor a 16 MB line, and the caret must stay under the byte the column names.
 */
class ProblemTest {

  @Test
  void controlBytesAndInvalidUtf8AreEscapedAndTheCaretFollowsThem() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.writeBytes("5 getpid() = 5\n".getBytes(StandardCharsets.UTF_8)); // a PID-prefixed log: the next line is strace's
    line.writeBytes("5 wr\u00e9te(\u001b[2J\u0000, ".getBytes(StandardCharsets.UTF_8));
    line.write(0xff);
    line.writeBytes(" x) = \n".getBytes(StandardCharsets.UTF_8));
    byte[] log = line.toByteArray();

    Logs logs = Logs.read(new ByteArrayInputStream(log), ReaderOptions.defaults());

    Problem p = logs.problems().get(0);
    assertThat(p.lineText()).isEqualTo("5 wr\u00e9te(\\x1b[2J\\x00, \\xff x) = ");
    assertThat(p.format()).doesNotContain("\u001b", "\u0000");
  }

  @Test
  void theCaretIsUnderTheCharacterThatStartsAtTheColumn() {
    byte[] b = "5 wr\u00e9te(\u001b[2J, \u4e2d x".getBytes(StandardCharsets.UTF_8);
    b[b.length - 2] = (byte) 0xff; // an invalid byte before the last 'x'
    String shown = Problem.of("t", 1, 1, "m", b, 0, b.length).lineText();
    assertThat(shown).isEqualTo("5 wr\u00e9te(\\x1b[2J, \u4e2d\\xffx");
    // every column that starts a character: the caret is on what that byte became
    String[] expected = {"5", " ", "w", "r", "\u00e9", null, "t", "e", "(", "\\x1b", "[", "2", "J", ",", " ", "\u4e2d", null,
        null, "\\xff", "x"};
    for (int column = 1; column <= b.length; column++) {
      Problem p = Problem.of("t", 1, column, "m", b, 0, b.length);
      String want = expected[column - 1];
      if (want != null) {
        assertThat(p.lineText().substring(p.caret() - 1)).as("column %d", column).startsWith(want);
        String[] lines = p.format().split("\n");
        assertThat(lines[2]).isEqualTo(" ".repeat(p.caret() - 1) + "^");
      }
    }
  }

  @Test
  void aLongLineIsShownAsAnExcerptAroundTheColumn() {
    byte[] b = ("5 write(1, \"" + "a".repeat(5000) + "\", 5000) = 5000 trailing" + "z".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
    int column = new String(b, StandardCharsets.US_ASCII).indexOf("trailing") + 1; // what the grammar would not expect

    Problem p = Problem.of("big.strace", 7, column, "unexpected 'trailing'", b, 0, b.length);

    assertThat(p.lineText()).startsWith("...").endsWith("...").contains("5000) = 5000 trailing");
    assertThat(p.lineText().length()).isLessThanOrEqualTo(Problem.EXCERPT_BYTES + 6);
    assertThat(p.lineText().charAt(p.caret() - 1)).isEqualTo('t');
    assertThat(p.lineText().substring(p.caret() - 1)).startsWith("trailing");
    assertThat(p.format()).startsWith("big.strace:7:" + column + ": unexpected 'trailing'\n...");
  }

  @Test
  void aCaretAtTheEndOfALongLineIsAfterItsLastByte() {
    byte[] b = ("5 close(" + "3".repeat(1000)).getBytes(StandardCharsets.US_ASCII);

    Problem p = Problem.of("cut.strace", 1, b.length + 1, "unexpected end of line", b, 0, b.length);

    assertThat(p.lineText()).startsWith("...").doesNotEndWith("...");
    assertThat(p.caret()).isEqualTo(p.lineText().length() + 1);
  }
}
