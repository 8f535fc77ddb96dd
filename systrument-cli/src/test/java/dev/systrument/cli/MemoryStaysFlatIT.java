package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory regression guard of issue #7, cheap enough for every CI run and not a timed test:
 * the shipped jar converts a build log and the same build four times over (48 MB) in one small
 * fixed heap, smaller than the larger input itself. Anything that kept per-event or per-line
 * state for the whole input (a list of events, an unbounded cache, the output in memory) would
 * need far more than the 32 MB given here for 48 MB of log (and ~40 MB of .pftrace) and fail
 * with OutOfMemoryError. Measured when this test was written: strace2perfetto on the larger input
 * also runs in 16 MB, its live heap after full collections 7-12 MB.
 *
 * <p>The larger input is {@code w07-build.C-full.strace} (a make -j2 under {@code -f -ttt -T})
 * repeated with its timestamps moved on, so the pids of each copy reuse those of the last: a
 * real log shape (pid reuse) that the process model handles without keeping ended processes.
 */
class MemoryStaysFlatIT {
  private static final int SMALL_COPIES = 8;
  private static final int LARGE_COPIES = 32;
  private static final String HEAP = "-Xmx32m";

  @TempDir static Path tmp;
  static Path small;
  static Path large;

  @BeforeAll
  static void writeInputs() throws IOException {
    byte[] log = Files.readAllBytes(Corpus.log("w07-build.C-full.strace"));
    small = tmp.resolve("small.strace");
    large = tmp.resolve("large.strace");
    repeat(log, SMALL_COPIES, small);
    repeat(log, LARGE_COPIES, large);
    assertThat(Files.size(large)).isGreaterThan(40_000_000L);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"strace2perfetto", "check"})
  void fourTimesTheInputRunsInTheSameSmallHeap(String command) throws Exception {
    Run smallRun = run(command, small);
    Run largeRun = run(command, large);
    assertThat(smallRun.exitCode).as("%s on %d copies: %s", command, SMALL_COPIES, smallRun.stderr).isZero();
    assertThat(largeRun.exitCode).as("%s on %d copies in %s: %s", command, LARGE_COPIES, HEAP, largeRun.stderr).isZero();
    assertThat(largeRun.stderr).as("the repeated log reads cleanly").contains("302464 lines").contains("0 problems");
  }

  /**
   * {@code tree} prints the whole process tree at the end, so it keeps one node per process (with
   * its execs' argv and environment): its memory follows the number of processes, not the
   * number of lines. Four times the processes must still fit the same small heap.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tree --json", "tree"})
  void treeKeepsOnlyTheProcesses(String command) throws Exception {
    Run largeRun = run(command, large);
    assertThat(largeRun.exitCode).as("%s on %d copies in %s: %s", command, LARGE_COPIES, HEAP, largeRun.stderr).isZero();
    assertThat(largeRun.stdoutBytes).as("the tree printed").isGreaterThan(10_000L);
  }

  private record Run(int exitCode, String stderr, long stdoutBytes) {}

  /** Runs the jar as users do, with a fixed small heap. */
  private static Run run(String command, Path input) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".bin");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        HEAP, "-XX:+UseSerialGC",
        "-jar", System.getProperty("systrument.cliJar")));
    cmd.addAll(List.of(command.split(" ")));
    cmd.add(input.toString());
    if (command.equals("strace2perfetto")) {
      cmd.addAll(List.of("-o", out.toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(command.equals("strace2perfetto") ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()))
        .redirectError(tmp.resolve("stderr.txt").toFile());
    pb.environment().put("SYSTRUMENT_PROGRESS", "never");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    String stderr = Files.readString(tmp.resolve("stderr.txt"));
    return new Run(p.exitValue(), stderr, Files.size(out));
  }

  /** {@code copies} times the log, each copy's timestamps moved past the previous copy's end. */
  private static void repeat(byte[] log, int copies, Path target) throws IOException {
    String text = new String(log, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\n");
    long first = seconds(lines[0]);
    long last = seconds(lines[lines.length - 1]);
    long span = last - first + 1;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
      for (int c = 0; c < copies; c++) {
        long shift = c * span;
        for (String line : lines) {
          // `20169 1795658725.637322 execve(...)`: pid, seconds.micros, the rest
          int t = timestampStart(line);
          int dot = line.indexOf('.', t);
          long s = Long.parseLong(line.substring(t, dot));
          out.write((line.substring(0, t) + (s + shift) + line.substring(dot) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
  }

  private static long seconds(String line) {
    int t = timestampStart(line);
    return Long.parseLong(line.substring(t, line.indexOf('.', t)));
  }

  /** After the pid and its padding. */
  private static int timestampStart(String line) {
    int t = line.indexOf(' ');
    while (line.charAt(t) == ' ') {
      t++;
    }
    return t;
  }
}
