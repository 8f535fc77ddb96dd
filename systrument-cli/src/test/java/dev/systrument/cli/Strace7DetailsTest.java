package dev.systrument.cli;

import static dev.systrument.otel.OtlpReceiver.longAttribute;
import static dev.systrument.otel.OtlpReceiver.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.perfetto.PftraceValidator;
import dev.systrument.otel.OtlpReceiver;
import dev.systrument.parser.Json;
import dev.systrument.perfetto.DecodedTrace;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13 item 3, through every output: strace details that differ between versions, each from
 * real lines. {@code logs/thread-exec-6.1.strace} was recorded here with strace 6.1 ({@code strace
 * -f --status='!unfinished' --absolute-timestamps=unix,us --syscall-times --decode-fds=all
 * --no-abbrev --seccomp-bpf --trace=file,process}, the v7 corpus's B format) from a Python thread
 * calling {@code os.execv("/bin/echo", ...)}; {@code thread-exec-7.2.strace} is the same log with
 * the result strace 7.2 prints on that line instead ({@code -1 ENOSYS (Function not implemented)},
 * as in the v7 corpus README).
 */
class Strace7DetailsTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"thread-exec-6.1.strace", "thread-exec-7.2.strace"})
  void aThreadsExecWithAStatusFiltersBogusResultIsInEveryOutput(String name) throws Exception {
    CliBehaviourTest.copyResource("logs/" + name, tmp.resolve(name));

    // tree --json: one process, exec chain python3 then echo (by the thread), nothing failed.
    CliRun tree = CliRun.run(tmp, "tree", "--json", name);
    assertThat(tree.exitCode()).as("%s", tree).isZero();
    CliRun check = CliRun.run(tmp, "check", name);
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err()).contains("1 process, 1 thread; 0 problems");
    Map<String, Object> json = Json.parseObject(tree.out().strip());
    List<Map<String, Object>> processes = CorpusTruthTest.listOfObjects(json.get("processes"));
    assertThat(processes).singleElement().satisfies(p -> {
      assertThat(p.get("pid")).isEqualTo(3641L);
      assertThat(CorpusTruthTest.listOfObjects(p.get("execs")))
          .extracting(e -> e.get("path"), e -> e.get("argv"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("/usr/bin/python3", List.of("/usr/bin/python3", "texec.py")),
              org.assertj.core.groups.Tuple.tuple("/bin/echo", List.of("/bin/echo", "from-thread")));
      assertThat(p.get("exit")).isEqualTo(Map.of("code", 0L));
    });
    CliRun text = CliRun.run(tmp, "tree", name);
    assertThat(text.out()).startsWith("3641 python3 → echo from-thread ");

    // Perfetto: two exec phases on the process's main thread.
    CliRun perfetto = CliRun.run(tmp, "strace2perfetto", name, "-o", "out.pftrace");
    assertThat(perfetto.exitCode()).as("%s", perfetto).isZero();
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("out.pftrace")));
    assertThat(trace.slicesInCategory("exec")).extracting(s -> s.name, s -> s.args.get("argv[1]"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("python3", "texec.py"),
            org.assertj.core.groups.Tuple.tuple("echo", "from-thread"));
    PftraceValidator.assertStrictlyValid(tmp.resolve("out.pftrace"));

    // OTel: a span per image, the second named echo with its path.
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun otel = CliRun.run(tmp, "strace2otel", name, "--endpoint", receiver.baseUrl());
      assertThat(otel.exitCode()).as("%s", otel).isZero();
      List<Span> spans = new ArrayList<>(receiver.spans().stream()
          .filter(s -> longAttribute(s.getAttributesList(), "process.pid") != null).toList());
      spans.sort(Comparator.comparingLong(Span::getStartTimeUnixNano));
      assertThat(spans).extracting(Span::getName).containsExactly("python3", "echo");
      assertThat(stringAttribute(spans.get(1).getAttributesList(), "process.executable.path")).isEqualTo("/bin/echo");
    }
  }

  /** A real failure of a threaded leader's exec stays a failure: nothing supersedes it. */
  @Test
  void aThreadedLeadersFailedExecWithoutASupersededLineStaysFailed() throws Exception {
    String log = """
        3641  1796702375.485388 execve("/usr/bin/python3", ["/usr/bin/python3", "t.py"], ["PATH=/usr/bin:/bin"]) = 0 <0.000265>
        3641  1796702375.500000 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f2d, parent_tid=0x7f2d, exit_signal=0, stack=0x7f2c, stack_size=0x7fff00, tls=0x7f2d} => {parent_tid=[3642]}, 88) = 3642 <0.000100>
        3641  1796702375.510000 execve("/nonexistent", ["/nonexistent"], ["PATH=/usr/bin:/bin"]) = -1 ENOENT (No such file or directory) <0.000020>
        3642  1796702375.520000 exit(0) = ?
        3642  1796702375.520100 +++ exited with 0 +++
        3641  1796702375.530000 exit_group(1) = ?
        3641  1796702375.530100 +++ exited with 1 +++
        """;
    Files.writeString(tmp.resolve("failed.strace"), log);

    CliRun tree = CliRun.run(tmp, "tree", "failed.strace");
    assertThat(tree.exitCode()).as("%s", tree).isZero();
    assertThat(tree.out()).startsWith("3641 python3 t.py ").contains("exit 1 (1 thread)");

    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun otel = CliRun.run(tmp, "strace2otel", "failed.strace", "--endpoint", receiver.baseUrl());
      assertThat(otel.exitCode()).as("%s", otel).isZero();
      Span python = receiver.spans().stream().filter(s -> s.getName().equals("python3")).findFirst().orElseThrow();
      assertThat(python.getEventsList()).extracting(Span.Event::getName).containsExactly("exec failed");
      assertThat(stringAttribute(python.getEventsList().get(0).getAttributesList(), "error.type")).isEqualTo("ENOENT");
    }
  }

  /** A stderr capture where env's own stderr landed inside strace's lines for those writes. */
  @Test
  void programOutputGluedInsideItsWriteIsCountedAsOutputNotAsAProblem() {
    String log = String.join("\n",
        "1795660540.370000 execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"env x\"], 0x7ffd /* 4 vars */) = 0 <0.000200>",
        "1795660540.371000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 30277 attached",
        ", child_tidptr=0x7f5b3725fa10) = 30277 <0.000113>",
        "[pid 30277] 1795660540.372000 execve(\"/usr/bin/env\", [\"env\", \"x\"], 0x55d5 /* 4 vars */) = 0 <0.000300>",
        "[pid 30277] 1795660540.374671 write(2, \"env: \", 5env: ) = 5 <0.000008>",
        "[pid 30277] 1795660540.374700 write(2, \"\\342\\200\\230x\\342\\200\\231\", 7‘x’) = 7 <0.000008>",
        "[pid 30277] 1795660540.374800 exit_group(127) = ?",
        "[pid 30277] 1795660540.374900 +++ exited with 127 +++",
        "1795660540.375000 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=30277, si_uid=0, si_status=127, si_utime=0, si_stime=0} ---",
        "1795660540.375100 exit_group(127) = ?",
        "1795660540.375200 +++ exited with 127 +++",
        "");
    Path file = tmp.resolve("env.strace");
    try {
      Files.writeString(file, log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    CliRun check = CliRun.run(tmp, "check", "env.strace");

    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err()).contains("11 lines, 7 syscalls, ").contains("; 0 problems, 2 foreign lines");
    CliRun tree = CliRun.run(tmp, "tree", "env.strace");
    assertThat(tree.out()).contains("30277 env x ").contains("exit 127");
  }
}
