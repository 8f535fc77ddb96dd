package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first logs a new user writes by hand (issue 13), through the commands: recorded with strace
 * 6.1 into testdata/single-task, plus files that are not strace output at all.
 */
class FirstLogsTest {
  @TempDir Path tmp;

  private static String fixture(String name) {
    return Corpus.repoRoot().resolve("testdata/single-task").resolve(name).toString();
  }

  @Test
  void aLogWithoutFollowForksIsOneProcess() {
    // strace -o ls.strace -ttt -T ls /   (before: "146 syscalls, 0 processes" and an empty tree)
    CliRun tree = CliRun.run(tmp, "tree", fixture("ls.strace"));
    assertThat(tree.exitCode()).as("%s", tree).isZero();
    assertThat(tree.out()).matches("6692 ls / \\[[0-9.]+ ms\\] exit 0\n");
    assertThat(tree.err()).contains("146 syscalls, 1 process; 0 problems");
  }

  @Test
  void aPidTheLogNeverTellsIsAQuestionMark() {
    CliRun tree = CliRun.run(tmp, "tree", fixture("attach-nof.strace"));
    assertThat(tree.out()).startsWith("? (?) ");
    CliRun json = CliRun.run(tmp, "tree", "--json", fixture("attach-nof.strace"));
    assertThat(json.out()).contains("\"pid\":4194305,").contains(",\"pidKnown\":false}");
    assertThat(CliRun.run(tmp, "tree", "--json", fixture("ls.strace")).out()).doesNotContain("pidKnown");
  }

  @Test
  void anAttachedProcessIsARootWithItsThreadsAndItsDashYName() {
    // strace -f -ttt -T -p PID 2> ...: "strace: Process 25728 attached with 3 threads", then [pid 25730] ...
    CliRun tree = CliRun.run(tmp, "tree", fixture("attach-threads-stderr.strace"));
    assertThat(tree.out()).matches("25728 \\(\\?\\) \\[[0-9.]+ ms\\] \\? \\(2 threads\\)\n");
    CliRun json = CliRun.run(tmp, "tree", "--json", fixture("attach-threads-stderr.strace"));
    assertThat(json.out()).contains("\"threads\":[25731,25730]");
    // with -Y to a file: the attached lines went to the terminal, each tid is a root named by its comm
    CliRun named = CliRun.run(tmp, "tree", fixture("attach-threads.strace"));
    assertThat(named.out()).startsWith("25707 (python3) ");
  }

  @Test
  void aLeadingSeccompNoticeKeepsTheTimesAndStrace2otelSendsEverything() throws IOException {
    // before: startNs null, no durations, and strace2otel died with a NullPointerException (exit 3)
    String log = fixture("seccomp-stderr.strace");
    CliRun json = CliRun.run(tmp, "tree", "--json", log);
    assertThat(json.out()).doesNotContain("\"startNs\":null");
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun otel = CliRun.run(tmp, "strace2otel", log, "--endpoint", receiver.baseUrl(), "--logs");
      assertThat(otel.exitCode()).as("%s", otel).isZero();
      assertThat(otel.err()).doesNotContain("no wall-clock times").doesNotContain("internal error");
      assertThat(receiver.spans()).hasSizeGreaterThanOrEqualTo(3); // sh, echo's subshell or cat, and the root
      assertThat(receiver.logs()).anyMatch(r -> r.getBody().getStringValue().contains("Seccomp filter is requested"));
    }
  }

  @Test
  void relativeTimesGiveDurationsAndOtelSaysItShiftsThem() throws IOException {
    // strace -f -r -T -o r.strace sh -c 'ls / >/dev/null'   (before: untimed, no durations)
    CliRun tree = CliRun.run(tmp, "tree", fixture("r.strace"));
    assertThat(tree.out()).matches("(?s)\\d+ sh -c 'ls / >/dev/null' \\[[0-9.]+ ms\\] exit 0\n└─\\d+ ls / \\[[0-9.]+ ms\\] exit 0\n");
    CliRun json = CliRun.run(tmp, "tree", "--json", fixture("r.strace"));
    assertThat(json.out()).contains("\"startNs\":0,");
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun otel = CliRun.run(tmp, "strace2otel", fixture("r.strace"), "--endpoint", receiver.baseUrl());
      assertThat(otel.exitCode()).as("%s", otel).isZero();
      assertThat(otel.err()).contains("the log has relative times only (strace -r); its timestamps are shifted to start now");
    }
  }

  @Test
  void aFileWithoutOneStraceLineIsAnError() throws IOException {
    Path readme = Corpus.repoRoot().resolve("README.md");
    CliRun check = CliRun.run(tmp, "check", readme.toString());
    assertThat(check.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).endsWith("systrument check: no strace output found in " + readme + "\n");

    Path binary = tmp.resolve("true.bin");
    Files.write(binary, Files.readAllBytes(Path.of("/usr/bin/true")));
    CliRun perfetto = CliRun.run(tmp, "strace2perfetto", binary.toString(), "-o", "t.pftrace");
    assertThat(perfetto.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(perfetto.err()).isEqualTo("systrument strace2perfetto: no strace output found in " + binary + "\n");
    assertThat(tmp.resolve("t.pftrace")).doesNotExist();

    CliRun otel = CliRun.run(tmp, "strace2otel", readme.toString(), "--endpoint", "http://127.0.0.1:9");
    assertThat(otel.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(otel.err()).isEqualTo("systrument strace2otel: no strace output found in " + readme + "\n");

    // an empty file is an empty log, not an error
    Files.writeString(tmp.resolve("empty.strace"), "");
    assertThat(CliRun.run(tmp, "check", "empty.strace").exitCode()).isZero();
  }

  @Test
  void aFileThatIsMostlyNotStraceIsWarnedAbout() throws IOException {
    Path log = tmp.resolve("mostly.log");
    Files.writeString(log, Files.readString(Corpus.repoRoot().resolve("README.md"))
        + Files.readString(Path.of(fixture("true-stderr.strace"))));
    CliRun check = CliRun.run(tmp, "check", log.toString());
    assertThat(check.err()).containsPattern("warning: \\d+ of the \\d+ lines of .*mostly.log are not strace output");
  }

  @Test
  void twoTimeFormatsInOneLogAreProblems() throws IOException {
    // -ttt lines, then -tt lines pasted after them (a second recording)
    Path log = tmp.resolve("pasted.strace");
    Files.writeString(log, Files.readString(Path.of(fixture("true-stderr.strace")))
        + "14:32:01.000100 getpid() = 6696 <0.000005>\n14:32:01.000200 getuid() = 0 <0.000004>\n");
    CliRun check = CliRun.run(tmp, "check", log.toString());
    assertThat(check.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("pasted.strace:32:1: this line has a time of day (-t/-tt), but the log's first"
        + " record had epoch seconds (-ttt)");
    assertThat(check.err()).contains("; 2 problems (lines skipped)");
  }
}
