package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.parser.internal.grammar.StraceParser;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad lines → the exact 1-based column and message users see (pinned, so wording changes are deliberate). */
class ErrorMessageTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("19501 1795658719.241275 close(3 = 0", 33, "unexpected '=', expected ',' or ')' closing the arguments, or <unfinished ...>"),
        Arguments.of("19501 close(3) = ", 18, "unexpected end of line, expected the return value (a number or '?')"),
        Arguments.of("19501 close(3) 0", 16, "unexpected '0', expected '=' and the return value"),
        Arguments.of("19501 open(\"/etc\", {a=1) = 3", 24, "unexpected ')', expected '}' closing the struct"),
        Arguments.of("19501 --- SIGCHLD {si_signo=SIGCHLD ---", 37, "unexpected '---', expected '}' closing the struct"),
        Arguments.of("19501 +++ exited with x +++", 23, "unexpected 'x', expected a number"),
        Arguments.of("19501 +++ killed by SIGKILL", 28, "unexpected end of line, expected '+++'"),
        Arguments.of("hello world", 1, "not a strace line: expected a syscall (name(...)), a resumed call (<... name resumed>), "
            + "a signal (--- SIG... ---), an exit (+++ ... +++) or a strace message, or the rest of an unfinished call"),
        Arguments.of("19501 read(3, \"abc, 10) = 3", 15, "unterminated string: no closing '\"' on this line"),
        Arguments.of("19501 close(3) = 0 <0.1", 20, "unexpected '<', expected end of line"),
        Arguments.of("19501 write(1, \"x\", 1) = 1 <0.000010> junk", 39, "unexpected 'junk', expected end of line"),
        Arguments.of("[pid 19601 read(3) = 0", 12, "unexpected 'read', expected ']'"),
        Arguments.of("19501 openat(AT_FDCWD, \"/x\", O_RDONLY) = -1 ENOENT (No such file", 65,
            "unexpected end of line, expected ')'"),
        // raw bytes of the log are never put in a message as they are (a NUL, an ESC, half a UTF-8 character)
        Arguments.of("19501 close(3)\u0000 = 0", 15, "unexpected '\\x00', expected '=' and the return value"),
        Arguments.of("19501 close(3) = 0 \u001b[2J", 20, "unexpected '\\x1b', expected end of line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void reportsWhereAndWhat(String line, int column, String message) {
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    StraceGrammar.Outcome<StraceParser.LineContext> o = StraceGrammar.parseLine(b, 0, b.length);
    assertThat(o.ok()).isFalse();
    assertThat(o.column() + 1).isEqualTo(column);
    assertThat(o.message()).isEqualTo(message);
  }
}
