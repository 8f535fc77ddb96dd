package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar with {@link ClassDataArchive}: the first run writes the archive, the second maps
 * it, both print the same and write the same trace, and the JVM says nothing about it.
 */
class ClassDataArchiveIT {
  @TempDir Path tmp;

  @Test
  void secondRunUsesTheArchiveTheFirstWroteAndGivesTheSameResult() throws Exception {
    Path cache = tmp.resolve("cache");
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    Run first = run(cache, "strace2perfetto", log.toString(), "-o", tmp.resolve("first.pftrace").toString());
    Path dir = cache.resolve("systrument/cds");
    List<Path> archives;
    try (var files = Files.list(dir)) {
      archives = files.toList();
    }
    assertThat(archives).hasSize(1);
    assertThat(archives.get(0).getFileName().toString()).startsWith("strace2perfetto-").endsWith(".jsa");
    assertThat(Files.size(archives.get(0))).isGreaterThan(100_000L);

    Run second = run(cache, "strace2perfetto", log.toString(), "-o", tmp.resolve("second.pftrace").toString());
    assertThat(first.exitCode).isZero();
    assertThat(second.exitCode).isZero();
    assertThat(second.stderr).isEqualTo(first.stderr.replace("first.pftrace", "second.pftrace"));
    assertThat(first.stdout + second.stdout).isEmpty();
    assertThat(Files.readAllBytes(tmp.resolve("second.pftrace"))).isEqualTo(Files.readAllBytes(tmp.resolve("first.pftrace")));
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactlyElementsOf(archives); // mapped, not written again
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private Run run(Path cache, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("systrument.cliJar")));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("SYSTRUMENT_PROGRESS", "never");
    pb.environment().remove("SYSTRUMENT_RELAUNCH");
    pb.environment().remove("SYSTRUMENT_CDS");
    Process p = pb.start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
