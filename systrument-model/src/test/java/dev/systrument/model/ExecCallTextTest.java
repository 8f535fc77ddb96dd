package dev.systrument.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.value.Value;
import dev.systrument.model.value.Value.Str;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An exec call's strace line and argument texts under each policy. */
class ExecCallTextTest {
  private static final String R = Redaction.REDACTED;

  @Test
  void splitsStraceArgumentsAtTopLevelCommasOnly() {
    assertThat(ExecCallText.splitTopLevel("\"/bin/sh\", [\"sh\", \"-c\", \"a, b\\\"]\"], 0x7ffd /* 3 vars, x */"))
        .containsExactly("\"/bin/sh\"", "[\"sh\", \"-c\", \"a, b\\\"]\"]", "0x7ffd /* 3 vars, x */");
    assertThat(ExecCallText.splitTopLevel("AT_FDCWD, \"x\", {st_mode=S_IFREG|0644, st_size=1}, 0")).hasSize(4);
    assertThat(ExecCallText.splitTopLevel("")).isEmpty();
  }

  @Test
  void redactsTheEnvironmentOfAnExecLine() {
    // 20483 1795658730.237925 execve("/usr/bin/true", ["true"], [..., "GITHUB_TOKEN=..."]) = 0 <0.002999>
    SyscallEvent execve = execve("/usr/bin/true", List.of("true"), List.of("HOME=/tmp/corpushome", "GITHUB_TOKEN=ghp_x"));

    assertThat(EventText.render(execve, Redaction.DEFAULT))
        .isEqualTo("20483 execve(\"/usr/bin/true\", [\"true\"], [\"HOME=/tmp/corpushome\", \"GITHUB_TOKEN=" + R + "\"]) = 0");
    assertThat(EventText.render(execve, Redaction.DEFAULT.withEnv(Redaction.Env.NONE)))
        .isEqualTo("20483 execve(\"/usr/bin/true\", [\"true\"], [/* 2 vars, not exported */]) = 0");
    assertThat(Redaction.DEFAULT.withEnv(Redaction.Env.ALL).call(execve)).as("nothing to hide in argv").isSameAs(execve);
    assertThat(Redaction.OFF.call(execve)).isSameAs(execve);
    SyscallEvent read = syscall("read", "3, \"x\", 1", List.of(new Value.Num(3, "3"), Str.of("x"), new Value.Num(1, "1")));
    assertThat(Redaction.DEFAULT.call(read)).isSameAs(read);
  }

  @Test
  void anExecWithNothingToHideIsItselfAlsoWhenItsEnvironmentWasSeenBefore() {
    // every exec of a build passes the same environment: the second exec's entries are answered
    // from the memo, which must not make them look changed (each exec would be rewritten, its
    // text split and joined again, for nothing)
    List<String> env = List.of("HOME=/tmp/corpushome", "LANG=C.UTF-8", "MAKEFLAGS=s -j2 --jobserver-auth=3,4");
    SyscallEvent first = execve("/usr/bin/gcc", List.of("gcc", "-c", "f0.c"), env);
    SyscallEvent second = execve("/usr/bin/gcc", List.of("gcc", "-c", "f1.c"), env);

    assertThat(Redaction.DEFAULT.call(first)).isSameAs(first);
    assertThat(Redaction.DEFAULT.call(second)).isSameAs(second);
  }

  @Test
  void redactsTheArgvOfAnExecLineAndKeepsTheOtherArgumentsAsPrinted() {
    SyscallEvent execve = execve("/usr/bin/curl", List.of("curl", "-u", "me:pw", "https://u:p2@h/"), List.of("HOME=/root"));

    assertThat(EventText.render(execve, Redaction.DEFAULT.withEnv(Redaction.Env.ALL))).isEqualTo(
        "20483 execve(\"/usr/bin/curl\", [\"curl\", \"-u\", \"me:" + R + "\", \"https://u:" + R + "@h/\"], [\"HOME=/root\"]) = 0");
    assertThat(EventText.render(execve, Redaction.OFF.withEnv(Redaction.Env.NONE))).as("--no-redact --env=none").isEqualTo(
        "20483 execve(\"/usr/bin/curl\", [\"curl\", \"-u\", \"me:pw\", \"https://u:p2@h/\"], [/* 1 vars, not exported */]) = 0");
    assertThat(Redaction.DEFAULT.call(execve).arguments().values().get(1).toText())
        .as("the decoded values are hidden too").isEqualTo("[curl, -u, me:" + R + ", https://u:" + R + "@h/]");
    assertThat(Redaction.DEFAULT.withEnv(Redaction.Env.NONE).call(execve).arguments().values().get(2).toText())
        .isEqualTo("[/* 1 vars, not exported */]");
  }

  @Test
  void anExecCallOfAnotherShapeIsSearchedAsTextAndDecodedAgain() {
    // what the decoder gives for garbage: the whole text, unparsed
    String text = "\"/usr/bin/tool\", [\"tool\", \"--password=pw\"], [\"A=1\", @@@]";
    SyscallEvent execve = new SyscallEvent(20483, 1, TimeKind.EPOCH, "", new SourceLocation("t", 1), "execve",
        Arguments.lazy(text.getBytes(StandardCharsets.UTF_8), raw -> List.of(new Value.Unparsed(new String(raw, StandardCharsets.UTF_8), "@"))),
        SyscallResult.of(0), SyscallEvent.NO_DURATION, TraceEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of());

    SyscallEvent shown = Redaction.DEFAULT.call(execve);

    String expected = "\"/usr/bin/tool\", [\"tool\", \"--password=" + R + "\"], [\"A=1\", @@@]";
    assertThat(shown.arguments().text()).isEqualTo(expected);
    assertThat(shown.arguments().values()).extracting(Value::toText).containsExactly(expected);
  }

  @Test
  void anExecCallThatDoesNotDecodeIsSearchedAsText() {
    String text = "\"/usr/bin/tool\", [\"tool\", \"--password=pw\"], 0x7ffd /* 1 var */ <garbled";
    SyscallEvent execve = new SyscallEvent(20483, 1, TimeKind.EPOCH, "", new SourceLocation("t", 1), "execve",
        Arguments.lazy(text.getBytes(StandardCharsets.UTF_8), raw -> {
          throw new IllegalArgumentException("no");
        }), SyscallResult.of(0), SyscallEvent.NO_DURATION, TraceEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of());

    SyscallEvent shown = Redaction.DEFAULT.call(execve);

    assertThat(shown.arguments().text()).isEqualTo("\"/usr/bin/tool\", [\"tool\", \"--password=" + R + "\"], 0x7ffd /* 1 var */ <garbled");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().as("decoded again by the same decoder")
        .isThrownBy(() -> shown.arguments().values());
  }

  @Test
  void quotesLikeStraceAndKeepsInvalidBytesVisible() {
    Value env = new Value.Array(List.of(
        new Str(new byte[] {'A', '=', 'x', '"', '\n', (byte) 0xff}, false),
        new Str("SESSION_ID=é".getBytes(StandardCharsets.UTF_8), true)));
    SyscallEvent execve = syscall("execve", "\"/bin/true\", [\"true\"], [...]", List.of(Str.of("/bin/true"),
        new Value.Array(List.of(Str.of("true"))), env));

    assertThat(Redaction.DEFAULT.call(execve).arguments().text())
        .isEqualTo("\"/bin/true\", [\"true\"], [\"A=x\\\"\\n\\xff\", \"SESSION_ID=" + R + "\"...]");
    assertThat(Redaction.DEFAULT.call(execve).arguments().values().get(2).toText()).isEqualTo("[A=x\"\n\\xff, SESSION_ID=" + R + "...]");
  }

  private static SyscallEvent execve(String path, List<String> argv, List<String> env) {
    List<Value> args = new ArrayList<>();
    args.add(Str.of(path));
    args.add(new Value.Array(argv.stream().<Value>map(Str::of).toList()));
    args.add(new Value.Array(env.stream().<Value>map(Str::of).toList()));
    String text = String.join(", ", args.stream().map(v -> quoted(v)).toList());
    return syscall("execve", text, args);
  }

  private static String quoted(Value v) {
    if (v instanceof Str s) {
      return "\"" + s.text() + "\"";
    }
    return "[" + String.join(", ", ((Value.Array) v).elements().stream().map(ExecCallTextTest::quoted).toList()) + "]";
  }

  private static SyscallEvent syscall(String name, String text, List<Value> values) {
    return new SyscallEvent(20483, 1, TimeKind.EPOCH, "", new SourceLocation("t", 1), name, Arguments.of(text, values),
        SyscallResult.of(0), SyscallEvent.NO_DURATION, TraceEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of());
  }
}
