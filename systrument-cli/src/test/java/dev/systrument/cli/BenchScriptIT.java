package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7's other CI guard: the benchmark script ({@code bench/run.sh}, docs/performance.md)
 * still runs, on a small corpus log with the jar this build made, and prints a row with MB/s and
 * peak RSS for every command it measures. Timings are not checked: CI machines vary.
 */
class BenchScriptIT {
  @TempDir Path tmp;

  @Test
  void benchmarkScriptRunsOnASmallInput() throws Exception {
    Path root = Corpus.repoRoot();
    Path output = tmp.resolve("bench.txt");
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bench/run.sh").toString(), "--small", "--no-build")
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("bench/run.sh finished").isTrue();
    String printed = Files.readString(output);
    assertThat(p.exitValue()).as(printed).isZero();
    for (String command : new String[] {"check", "tree --json", "strace2perfetto", "strace2perfetto --no-syscalls", "strace2otel"}) {
      assertThat(printed).as(printed).containsPattern("(?m)^" + command.replace("-", "\\-") + "\\s+w07-build\\.C-full\\.strace\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9]+\\s+[0-9]+ MB$");
    }
  }
}
