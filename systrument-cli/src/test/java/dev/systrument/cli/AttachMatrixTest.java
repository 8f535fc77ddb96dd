package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.perfetto.PftraceValidator;
import dev.systrument.otel.OtlpReceiver;
import dev.systrument.parser.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13 item 4, {@code strace -p}: a shell already running when strace attaches ({@code sh -c
 * 'sleep 0.6; /bin/true; exit 4'}, attached during the sleep). The log has no spawn and no exec
 * of it: it is a root with the attached pid (unknown where no line names it: {@code -o} without
 * {@code -f}); with -f the {@code /bin/true} it forks afterwards is its child, without -f that
 * child is known from the shell's vfork result only. The sleep, forked before strace came, is not traced. Cases: -f or not, -o or stderr,
 * timed or not (a pairwise cover of the three).
 */
class AttachMatrixTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "strace {0} {2} {1} -p PID")
  @CsvSource({
      "-f, -o, -ttt -T",
      "-f, stderr, ''",
      "'', -o, ''",
      "'', stderr, -ttt -Y"})
  void anAttachedShellIsARootWithTheAttachedPid(String follow, String output, String flags) throws Exception {
    LiveStrace.assumeUsable();
    Process shell = new ProcessBuilder("sh", "-c", "sleep 0.6; /bin/true; exit 4").directory(tmp.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Thread.sleep(200); // the shell is in wait4 for the sleep
    List<String> command = new ArrayList<>(List.of("strace"));
    if (!follow.isEmpty()) {
      command.add(follow);
    }
    if (!flags.isEmpty()) {
      command.addAll(List.of(flags.split(" ")));
    }
    Path log = tmp.resolve("attach.strace");
    if (output.equals("-o")) {
      command.addAll(List.of("-o", log.toString()));
    }
    command.addAll(List.of("-p", Long.toString(shell.pid())));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(output.equals("stderr") ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.DISCARD);
    Process strace = builder.start();
    assertThat(shell.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(shell.exitValue()).isEqualTo(4);
    assertThat(strace.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String description = String.join(" ", command);

    CliRun check = CliRun.run(tmp, "check", "attach.strace");
    assertThat(check.exitCode()).as("check %s\n%s", description, check).isZero();
    assertThat(check.err()).as("check %s", description).contains("; 0 problems");

    CliRun tree = CliRun.run(tmp, "tree", "--json", "attach.strace");
    assertThat(tree.exitCode()).as("%s", tree).isZero();
    List<java.util.Map<String, Object>> processes =
        CorpusTruthTest.listOfObjects(Json.parseObject(tree.out().strip()).get("processes"));
    assertThat(processes).as("tree of %s\n%s", description, tree.out()).hasSize(2);
    java.util.Map<String, Object> root = processes.get(0);
    if (follow.isEmpty() && output.equals("-o")) {
      // No line of this log names the shell's pid: no prefix, the attached line went to the
      // terminal, and the shell calls no getpid (docs/formats.md, "Lines without a pid").
      assertThat(root.get("pidKnown")).as("root of %s", description).isEqualTo(false);
    } else {
      assertThat(root.get("pid")).as("root of %s", description).isEqualTo(shell.pid());
    }
    assertThat(root.get("parentPid")).isNull();
    assertThat(CorpusTruthTest.listOfObjects(root.get("execs"))).isEmpty();
    assertThat(root.get("exit")).as("exit of the root of %s", description).isEqualTo(java.util.Map.of("code", 4L));
    java.util.Map<String, Object> child = processes.get(1);
    assertThat(child.get("parentPid")).isEqualTo(root.get("pid"));
    if (follow.isEmpty()) {
      assertThat(CorpusTruthTest.listOfObjects(child.get("execs"))).as("child of %s (not traced)", description).isEmpty();
    } else {
      assertThat(CorpusTruthTest.listOfObjects(child.get("execs"))).extracting(e -> e.get("argv"))
          .as("child of %s", description).containsExactly(List.of("/bin/true"));
      assertThat(child.get("exit")).isEqualTo(java.util.Map.of("code", 0L));
    }

    CliRun perfetto = CliRun.run(tmp, "strace2perfetto", "attach.strace", "-o", "out.pftrace");
    assertThat(perfetto.exitCode()).as("strace2perfetto %s\n%s", description, perfetto).isZero();
    PftraceValidator.assertStrictlyValid(tmp.resolve("out.pftrace"));
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun otel = CliRun.run(tmp, "strace2otel", "attach.strace", "--endpoint", receiver.baseUrl());
      assertThat(otel.exitCode()).as("strace2otel %s\n%s", description, otel).isZero();
    }
    assertThat(Files.size(log)).isPositive();
  }
}
