package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line side of {@code stats} and {@code files}: inputs, filters, exit codes, bad lines. */
class StatsFilesCommandTest {
  @TempDir Path tmp;

  private static final String LOG = """
      100 1700000000.000000 execve("/bin/sh", ["sh", "-c", "cat a"], 0x7ffd /* 3 vars */) = 0 <0.000100>
      100 1700000000.001000 chdir("/w") = 0 <0.000010>
      100 1700000000.002000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD) = 101 <0.000050>
      101 1700000000.003000 execve("/bin/cat", ["cat", "a"], 0x7ffd /* 3 vars */) = 0 <0.000100>
      101 1700000000.004000 openat(AT_FDCWD, "a", O_RDONLY) = 3 <0.000010>
      101 1700000000.005000 openat(AT_FDCWD, "out/b", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 4 <0.000010>
      101 1700000000.006000 this line is broken (
      101 1700000000.007000 stat("missing.h", 0x7ffd) = -1 ENOENT (No such file or directory) <0.000010>
      101 1700000000.008000 +++ exited with 1 +++
      100 1700000000.009000 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 1}], 0, NULL) = 101 <0.005000>
      100 1700000000.010000 +++ exited with 1 +++
      """;

  @Test
  void aBadLineIsReportedAndTheRestIsCounted() throws Exception {
    Path log = Files.writeString(tmp.resolve("x.strace"), LOG);
    CliRun stats = CliRun.run(tmp, "stats", "x.strace");
    assertThat(stats.exitCode()).as("%s", stats).isEqualTo(ExitCode.PROBLEMS);
    assertThat(stats.err()).contains("x.strace:7:");
    assertThat(stats.out()).contains("processes   2, threads 0").contains("2 processes did not exit 0");

    CliRun files = CliRun.run(tmp, "files", log.toString());
    assertThat(files.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(files.out().lines().skip(1).map(l -> l.split(" +")[0] + " " + l.split(" +")[1]))
        .containsExactly("/bin/cat executed", "/bin/sh executed", "/w/a read", "/w/missing.h missing", "/w/out/b written,created");
  }

  @Test
  void filtersSelectByAccessDirectoryAndProgram() throws Exception {
    Files.writeString(tmp.resolve("x.strace"), LOG);
    assertThat(paths("--written")).containsExactly("/w/out/b");
    assertThat(paths("--missing")).containsExactly("/w/missing.h");
    assertThat(paths("--read", "--missing")).containsExactly("/bin/cat", "/bin/sh", "/w/a", "/w/missing.h");
    assertThat(paths("--under", "/w/out")).containsExactly("/w/out/b");
    assertThat(paths("--program", "sh")).containsExactly("/bin/sh");
    assertThat(paths("--program", "nothing")).isEmpty();
  }

  @Test
  void stdinAndJson() {
    CliRun run = CliRun.run(tmp, CliRun.quietEnvironment(), new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8)),
        "stats", "--json", "-");
    assertThat(run.out()).startsWith("{\"version\":1,\"timestamps\":\"epoch\",\"syscallTimes\":true,\"wallNs\":10000000,");
  }

  /** The critical path shows argv: redacted like every output (docs/redaction.md). */
  @Test
  void secretsInTheCriticalPathAreRedacted() throws Exception {
    Files.writeString(tmp.resolve("secret.strace"), """
        1 1700000000.000000 execve("/usr/bin/curl", ["curl", "-u", "me:hunter2", "https://x"], 0x1 /* 1 var */) = 0 <0.000100>
        1 1700000000.100000 +++ exited with 0 +++
        """);
    CliRun text = CliRun.run(tmp, "stats", "secret.strace");
    CliRun json = CliRun.run(tmp, "stats", "--json", "secret.strace");
    assertThat(text.out()).contains("curl -u 'me:<redacted>' https://x").doesNotContain("hunter2");
    assertThat(json.out()).contains("\"argv\":[\"curl\",\"-u\",\"me:<redacted>\",\"https://x\"]").doesNotContain("hunter2");
    assertThat(CliRun.run(tmp, "stats", "--no-redact", "secret.strace").out()).contains("hunter2");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.run(tmp, "stats").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.run(tmp, "stats", "--top", "-1", "x").exitCode()).isEqualTo(ExitCode.USAGE);
    CliRun missing = CliRun.run(tmp, "files", "nothere.strace");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("nothere.strace");
  }

  private java.util.List<String> paths(String... filters) {
    String[] args = new String[filters.length + 2];
    args[0] = "files";
    System.arraycopy(filters, 0, args, 1, filters.length);
    args[args.length - 1] = "x.strace";
    CliRun run = CliRun.run(tmp, args);
    return run.out().lines().skip(1).map(l -> l.split(" +")[0]).toList();
  }
}
