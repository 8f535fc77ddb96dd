package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.perfetto.PftraceValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record} must not disturb what it traces: nothing it writes appears in the command's
 * working tree before the command ended ({@code git status} stays clean, {@code git clean -fdx}
 * deletes nothing of ours), a failure to place an output never replaces the command's status,
 * and its own default names never overwrite a file. Live: needs strace (and git for the git
 * cases).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordStagingLiveTest {
  @TempDir Path tmp;
  private Path repo;
  private Map<String, String> env;

  @BeforeEach
  void stagingInACacheOfItsOwn() throws IOException {
    LiveStrace.assumeUsable();
    repo = Files.createDirectory(tmp.resolve("repo"));
    env = new HashMap<>(CliRun.quietEnvironment());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString()); // staging goes there, not into ~/.cache
    env.put("HOME", tmp.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
  }

  private void gitInit() throws IOException, InterruptedException {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("git", env), "git is not installed");
    Process init = new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start();
    assertThat(init.waitFor()).isZero();
  }

  private CliRun record(String... args) {
    return CliRun.run(repo, env, InputStream.nullInputStream(), Stream.concat(Stream.of("record"), Stream.of(args)).toArray(String[]::new));
  }

  @Test
  void gitStatusUnderRecordSeesACleanTree() throws Exception {
    gitInit();
    Path status = tmp.resolve("status.txt"); // outside the work tree, or it would list itself

    CliRun run = record("-o", "git.strace", "--output-perfetto", "git.pftrace", "--",
        "sh", "-c", "git status --short --untracked-files=all > " + status);

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(Files.readString(status)).as("git status while record ran").isEmpty();
    assertThat(listing(repo)).containsExactlyInAnyOrder(".git", "git.strace", "git.pftrace");
    assertThat(listing(tmp.resolve("cache/systrument/record"))).as("staging directories left").isEmpty();
  }

  @Test
  void gitCleanUnderRecordLosesNoOutput() throws Exception {
    gitInit();
    Files.writeString(repo.resolve("untracked.o"), "build output");

    CliRun run = record("-o", "git.strace", "--output-perfetto", "git2.pftrace", "--", "git", "clean", "-fdx");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(listing(repo)).containsExactlyInAnyOrder(".git", "git.strace", "git2.pftrace");
    assertThat(Files.readString(repo.resolve("git.strace"))).contains("untracked.o");
    PftraceValidator.assertStrictlyValid(repo.resolve("git2.pftrace"));
  }

  @Test
  void anOutputThatCannotBePlacedIsReportedAndTheCommandsStatusKept() throws Exception {
    Files.createDirectory(repo.resolve("out"));

    CliRun run = record("-o", "out/raw.strace", "--output-perfetto", "kept.pftrace", "--", "sh", "-c", "rm -r out; exit 5");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(5);
    assertThat(run.err()).contains("systrument record: cannot write " + repo.resolve("out/raw.strace") + ": ")
        .contains("what was recorded is kept in " + tmp.resolve("cache/systrument/record"))
        .contains("wrote kept.pftrace");
    Path kept = Path.of(run.err().replaceAll("(?s).*what was recorded is kept in (\\S+).*", "$1"));
    assertThat(Files.readString(kept)).contains("rm");
    assertThat(listing(repo)).containsExactly("kept.pftrace");
  }

  @Test
  void theDefaultNameNeverOverwritesAFile() throws Exception {
    // Every name the run could choose (this second and the next ones) is taken already.
    LocalDateTime now = LocalDateTime.now();
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    for (int s = 0; s < 30; s++) {
      Files.writeString(repo.resolve("true-" + now.plusSeconds(s).format(format) + ".pftrace"), "earlier trace");
    }

    CliRun first = record("true");
    CliRun second = record("true");

    assertThat(first.exitCode()).as("%s", first).isZero();
    assertThat(second.exitCode()).as("%s", second).isZero();
    List<String> suffixed = listing(repo).stream().filter(n -> n.matches("true-\\d{8}-\\d{6}-\\d\\.pftrace")).toList();
    assertThat(suffixed).hasSize(2);
    assertThat(first.err()).contains("wrote " + suffixed.get(0)).doesNotContain("wrote " + suffixed.get(1));
    assertThat(second.err()).contains("wrote " + suffixed.get(1));
    try (Stream<Path> files = Files.list(repo)) {
      files.filter(p -> !suffixed.contains(p.getFileName().toString())).forEach(p -> {
        try {
          assertThat(Files.readString(p)).isEqualTo("earlier trace");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Test
  void aCommandThatCannotBeExecutedIsPermissionDenied126() throws IOException {
    Path script = repo.resolve("build.sh");
    Files.writeString(script, "#!/bin/sh\necho built\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

    CliRun notExecutable = record("./build.sh");
    CliRun directory = record(tmp.toString());
    CliRun missing = record("./nope.sh");

    assertThat(notExecutable.exitCode()).as("%s", notExecutable).isEqualTo(126);
    assertThat(notExecutable.err().strip()).isEqualTo("systrument record: ./build.sh: Permission denied");
    assertThat(directory.exitCode()).isEqualTo(126);
    assertThat(directory.err()).contains(": Is a directory");
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.err().strip()).isEqualTo("systrument record: ./nope.sh: No such file or directory");
    assertThat(listing(repo)).containsExactly("build.sh");
  }

  @Test
  void optionsEndAtTheCommandSoItsOwnOptionsReachIt() throws IOException {
    // -o and -h after the command are sh's: record neither keeps a raw copy nor prints help
    CliRun run = record("--output-perfetto", "sh.pftrace", "sh", "-c", "exit 4", "-o", "-h");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(4);
    assertThat(run.out()).doesNotContain("Usage");
    assertThat(run.err()).contains("sh -c 'exit 4' -o -h: ");
    assertThat(listing(repo)).containsExactly("sh.pftrace");
  }

  private static List<String> listing(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static boolean onPath(String name, Map<String, String> env) {
    return Stream.of(env.get("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, name)));
  }
}
