package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.systrument.model.ExitEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records a small pipeline with the strace installed on this machine, in each output format,
 * and reads it back: no problems, arguments all decode, the processes and their exits are there.
 * Skipped when strace is missing or cannot trace here (CI installs it).
 */
class StraceLiveTest {
  private static final List<String> COMMAND = List.of("sh", "-c", "echo hi | cat; ls / >/dev/null");

  @TempDir Path tmp;

  @BeforeAll
  static void straceWorks() throws InterruptedException {
    int rc;
    try {
      Process p = new ProcessBuilder("strace", "-o", "/dev/null", "true").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      rc = p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      rc = -1;
    }
    assumeTrue(rc == 0, "strace is not on the PATH or cannot trace here");
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("plain", List.of("-f"), TimeKind.NONE),
        Arguments.of("full", List.of("-f", "-ttt", "-T", "-yy"), TimeKind.EPOCH),
        Arguments.of("seed", List.of("--seccomp-bpf", "-f", "-e", "status=!unfinished", "-Ttttyyv", "-s", "4096"), TimeKind.EPOCH),
        Arguments.of("ns", List.of("-f", "-Y", "--timestamps=unix,ns", "-T", "-yy"), TimeKind.EPOCH),
        Arguments.of("tod", List.of("-f", "-tt", "-T"), TimeKind.TIME_OF_DAY),
        Arguments.of("t", List.of("-f", "-t"), TimeKind.TIME_OF_DAY),
        Arguments.of("relative", List.of("-f", "-r"), TimeKind.RELATIVE),
        Arguments.of("stack", List.of("-f", "-ttt", "-T", "-k", "-e", "trace=process"), TimeKind.EPOCH),
        Arguments.of("verbose", List.of("-f", "-v", "-xx", "-s", "64"), TimeKind.NONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void recordsToAFileAndReadsBack(String name, List<String> flags, TimeKind kind) throws Exception {
    Path out = tmp.resolve(name + ".strace");
    List<String> cmd = new ArrayList<>(List.of("strace"));
    cmd.addAll(flags);
    cmd.addAll(List.of("-o", out.toString(), "--"));
    cmd.addAll(COMMAND);
    run(cmd, null);
    Logs logs = readChecked(out);
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(kind);
    assertPipeline(logs);
  }

  @Test
  void followForksIntoSeparateFiles() throws Exception {
    Path dir = tmp.resolve("ff");
    dir.toFile().mkdirs();
    List<String> cmd = new ArrayList<>(List.of("strace", "-ff", "-ttt", "-T", "-o", dir.resolve("trace").toString(), "--"));
    cmd.addAll(COMMAND);
    run(cmd, null);
    assertPipeline(readChecked(dir.resolve("trace")));
    assertPipeline(readChecked(dir));
  }

  @Test
  void stderrCaptureWithProgramOutputInterleaved() throws Exception {
    Path err = tmp.resolve("stderr.strace");
    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-ttt", "-T", "--", "sh", "-c",
        "echo program-output >&2; echo hi | cat; ls / >/dev/null; echo more-output >&2"));
    run(cmd, err.toFile());
    Logs logs = readChecked(err);
    assertPipeline(logs);
    assertThat(logs.summary().foreignLines()).isGreaterThanOrEqualTo(2);
    assertThat(logs.only(SyscallEvent.class)).filteredOn(c -> c.name().equals("write")).isNotEmpty()
        .allSatisfy(w -> assertThat(w.result().known()).isTrue());
  }

  private static Logs readChecked(Path path) throws IOException {
    Logs logs = Logs.read(path, ReaderOptions.defaults().withValidateArguments(true));
    assertThat(logs.problems()).extracting(Problem::format).isEmpty();
    return logs;
  }

  private static void assertPipeline(Logs logs) {
    assertThat(logs.summary().syscalls()).isGreaterThan(3);
    List<SyscallEvent> calls = logs.only(SyscallEvent.class);
    assertThat(calls).extracting(SyscallEvent::name).contains("execve");
    assertThat(logs.events()).allSatisfy(e -> assertThat(e.pid()).isPositive());
    assertThat(logs.events()).extracting(TraceEvent::timestampNs).isSorted();
    // sh, the echo side (a fork of sh or a builtin), cat and ls: at least three processes exit
    assertThat(logs.only(ExitEvent.class)).extracting(ExitEvent::code).containsOnly(0);
    assertThat(logs.only(ExitEvent.class).size()).isGreaterThanOrEqualTo(3);
    for (SyscallEvent c : calls) {
      assertThat(c.arguments().values()).noneMatch(v -> v instanceof dev.systrument.model.value.Value.Unparsed);
    }
  }

  private static void run(List<String> cmd, File stderr) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    if (stderr != null) {
      pb.redirectError(stderr);
    } else {
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s", cmd).isZero();
  }
}
