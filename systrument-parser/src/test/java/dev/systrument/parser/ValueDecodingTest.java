package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.systrument.model.value.Value;
import dev.systrument.model.value.Value.Alternatives;
import dev.systrument.model.value.Value.Annotated;
import dev.systrument.model.value.Value.Array;
import dev.systrument.model.value.Value.BitSet;
import dev.systrument.model.value.Value.Call;
import dev.systrument.model.value.Value.Changed;
import dev.systrument.model.value.Value.Commented;
import dev.systrument.model.value.Value.Ellipsis;
import dev.systrument.model.value.Value.Expr;
import dev.systrument.model.value.Value.Flags;
import dev.systrument.model.value.Value.Indexed;
import dev.systrument.model.value.Value.Named;
import dev.systrument.model.value.Value.Num;
import dev.systrument.model.value.Value.Str;
import dev.systrument.model.value.Value.Struct;
import dev.systrument.model.value.Value.Sym;
import dev.systrument.model.value.Value.Unparsed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Argument text as strace prints it → the decoded Value tree, one construct per row. */
class ValueDecodingTest {

  static Stream<Arguments> values() {
    return Stream.of(
        row("42", num(42, "42")),
        row("-1", num(-1, "-1")),
        row("0x7ffd", num(0x7ffd, "0x7ffd")),
        row("0644", num(0644, "0644")),
        row("0", num(0, "0")),
        row("0xffffffffffffffff", num(-1, "0xffffffffffffffff")),
        row("NULL", sym("NULL")),
        row("\"abc\"", str("abc", false)),
        row("\"a\\nb\\tc\\\"d\\\\e\"", str("a\nb\tc\"d\\e", false)),
        row("\"\\0\\177\\x41\\303\\251\"", new Str(new byte[] {0, 127, 'A', (byte) 0xc3, (byte) 0xa9}, false)),
        row("\"\\377\\1a\"", new Str(new byte[] {(byte) 0xff, 1, 'a'}, false)),
        row("\"echo hi | tr a-z A-Z | wc -c; ls\"...", str("echo hi | tr a-z A-Z | wc -c; ls", true)),
        row("O_RDONLY|O_CLOEXEC", new Flags(List.of(sym("O_RDONLY"), sym("O_CLOEXEC")))),
        row("S_IFREG|0644", new Flags(List.of(sym("S_IFREG"), num(0644, "0644")))),
        row("1<<20", new Expr("1<<20")),
        row("0x5*02/4", new Expr("0x5*02/4")),
        row("WIFEXITED(s) && WEXITSTATUS(s) == 0", new Expr("WIFEXITED(s) && WEXITSTATUS(s) == 0")),
        row("~FD_CLOEXEC", new Expr("~FD_CLOEXEC")),
        row("makedev(0x1, 0x9)", new Call("makedev", List.of(num(1, "0x1"), num(9, "0x9")))),
        row("inet_addr(\"127.0.0.1\")", new Call("inet_addr", List.of(str("127.0.0.1", false)))),
        row("{st_mode=S_IFREG|0644, st_size=34983, ...}",
            new Struct(List.of(new Named("st_mode", new Flags(List.of(sym("S_IFREG"), num(0644, "0644")))),
                new Named("st_size", num(34983, "34983")), new Ellipsis()))),
        row("{0x1, 0x2}", new Struct(List.of(num(1, "0x1"), num(2, "0x2")))),
        row("{B38400 opost isig icanon echo ...}",
            new Struct(List.of(sym("B38400"), sym("opost"), sym("isig"), sym("icanon"), sym("echo"), new Ellipsis()))),
        row("[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]",
            new Array(List.of(new Struct(List.of(new Expr("WIFEXITED(s) && WEXITSTATUS(s) == 3")))))),
        row("[\"sh\", \"-c\", ...]", new Array(List.of(str("sh", false), str("-c", false), new Ellipsis()))),
        row("[]", new Array(List.of())),
        row("[0]", new Array(List.of(num(0, "0")))),
        row("[CHLD]", new BitSet(List.of(sym("CHLD")), false)),
        row("[INT TERM CHLD]", new BitSet(List.of(sym("INT"), sym("TERM"), sym("CHLD")), false)),
        row("~[RTMIN RT_1]", new BitSet(List.of(sym("RTMIN"), sym("RT_1")), true)),
        row("[[VINTR]=0x3, [VQUIT]=0x1c, ...]",
            new Array(List.of(new Indexed(sym("VINTR"), num(3, "0x3")), new Indexed(sym("VQUIT"), num(0x1c, "0x1c")),
                new Ellipsis()))),
        row("3</etc/ld.so.cache>", new Annotated(num(3, "3"), "/etc/ld.so.cache")),
        row("3</dev/urandom<char 1:9>>", new Annotated(num(3, "3"), "/dev/urandom<char 1:9>")),
        row("16<UNIX-STREAM:[1->2]>", new Annotated(num(16, "16"), "UNIX-STREAM:[1->2]")),
        row("29<TCP:[1.2.3.4:80->5.6.7.8:63330]>", new Annotated(num(29, "29"), "TCP:[1.2.3.4:80->5.6.7.8:63330]")),
        row("3</tmp/a, b) c} d\\x3e>", new Annotated(num(3, "3"), "/tmp/a, b) c} d\\x3e")),
        row("4</tmp/gone (deleted)>", new Annotated(num(4, "4"), "/tmp/gone (deleted)")),
        row("AT_FDCWD</tmp/corpuswork>", new Annotated(sym("AT_FDCWD"), "/tmp/corpuswork")),
        row("18276<bash>", new Annotated(num(18276, "18276"), "bash")),
        row("0x7ffd /* 35 vars */", new Commented(num(0x7ffd, "0x7ffd"), "35 vars")),
        row("[/* 22 entries */]", new Array(List.of(new Commented(new Ellipsis(), "22 entries")))),
        row("128 => 16", new Changed(num(128, "128"), num(16, "16"))),
        row("{flags=CLONE_VM} => {parent_tid=[7]}",
            new Changed(new Struct(List.of(new Named("flags", sym("CLONE_VM")))),
                new Struct(List.of(new Named("parent_tid", new Array(List.of(num(7, "7")))))))),
        row("SIGRTMIN or SIGRT_1", new Alternatives(List.of(sym("SIGRTMIN"), sym("SIGRT_1")))),
        row("...", new Ellipsis()),
        row("@\"/tmp/.X11-unix/X0\"", new Expr("@\"/tmp/.X11-unix/X0\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void decodes(String text, Value expected) {
    List<Value> values = decode(text);
    assertThat(values).containsExactly(expected);
  }

  @Test
  void namedTopLevelArguments() {
    assertThat(decode("child_stack=NULL, flags=CLONE_VM|SIGCHLD, child_tidptr=0x7f5b3725fa10"))
        .containsExactly(
            new Named("child_stack", sym("NULL")),
            new Named("flags", new Flags(List.of(sym("CLONE_VM"), sym("SIGCHLD")))),
            new Named("child_tidptr", num(0x7f5b3725fa10L, "0x7f5b3725fa10")));
  }

  @Test
  void argumentListWithDanglingCommaAndEmpty() {
    assertThat(decode("3, ")).containsExactly(num(3, "3"));
    assertThat(GrammarArgumentDecoder.INSTANCE.decode(new byte[0])).isEmpty();
  }

  @Test
  void nestedStructsAndArrays() {
    Value v = decode("{msg_name=NULL, msg_iov=[{iov_base=\"hi\\n\", iov_len=3}], msg_flags=0}").get(0);
    assertThat(v.toText()).isEqualTo("{msg_name=NULL, msg_iov=[{iov_base=hi\n, iov_len=3}], msg_flags=0}");
    Struct s = (Struct) v;
    Array iov = (Array) s.get("msg_iov");
    assertThat(((Struct) iov.elements().get(0)).get("iov_base")).isEqualTo(str("hi\n", false));
  }

  @Test
  void malformedTextBecomesUnparsedWithTheReason() {
    List<Value> v = decode("{st_mode=S_IFREG, ");
    assertThat(v).hasSize(1);
    assertThat(v.get(0)).isInstanceOf(Unparsed.class);
    Unparsed u = (Unparsed) v.get(0);
    assertThat(u.text()).isEqualTo("{st_mode=S_IFREG, ");
    assertThat(u.reason()).isEqualTo("column 19: unexpected end of line, expected a value (number, \"string\", NAME, {struct} or [list])");
  }

  @Test
  void pathologicalNestingIsReportedNotAStackOverflow() {
    int depth = 100_000;
    String text = "[".repeat(depth) + "]".repeat(depth);
    GrammarArgumentDecoder.Decoded d = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> GrammarArgumentDecoder.INSTANCE.decodeLocated(text.getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(d.error()).startsWith("too deeply nested");
    assertThat(d.errorColumn()).isEqualTo(ReaderOptions.DEFAULT_MAX_NESTING);
    assertThat(d.values()).singleElement().isInstanceOf(Unparsed.class);
  }

  @Test
  void pathologicalUnaryChainsAreReportedToo() {
    String text = "-".repeat(100_000) + "1";
    GrammarArgumentDecoder.Decoded d = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> GrammarArgumentDecoder.INSTANCE.decodeLocated(text.getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(d.error()).startsWith("too deeply nested");
    assertThat(d.errorColumn()).isEqualTo(ReaderOptions.DEFAULT_MAX_NESTING);
  }

  @Test
  void nestingJustBelowTheLimitStillDecodes() {
    int depth = ReaderOptions.DEFAULT_MAX_NESTING;
    Value v = decode("[".repeat(depth) + "1" + "]".repeat(depth)).get(0);
    for (int i = 1; i < depth; i++) {
      v = ((Array) v).elements().get(0);
    }
    assertThat(((Array) v).elements()).containsExactly(num(1, "1"));
  }

  private static List<Value> decode(String text) {
    return GrammarArgumentDecoder.INSTANCE.decode(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Arguments row(String text, Value expected) {
    return Arguments.of(text, expected);
  }

  private static Num num(long v, String text) {
    return new Num(v, text);
  }

  private static Sym sym(String name) {
    return new Sym(name);
  }

  private static Str str(String utf8, boolean truncated) {
    return new Str(utf8.getBytes(StandardCharsets.UTF_8), truncated);
  }
}
