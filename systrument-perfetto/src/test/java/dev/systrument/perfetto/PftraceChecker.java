package dev.systrument.perfetto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shared {@code check_pftrace.py} (which replays the trace processor's import rules) on
 * our output. Skips the calling test only when python3 itself is missing.
 */
final class PftraceChecker {
  private PftraceChecker() {}

  record Result(int exitCode, String output) {}

  static Path script() {
    String root = System.getProperty("systrument.repoRoot");
    if (root != null) {
      Path p = Path.of(root).resolve("../shared/tools/check_pftrace.py").normalize();
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return Path.of("/work/shared/tools/check_pftrace.py");
  }

  static Result check(byte[] trace, String... extraArgs) {
    assumeTrue(python3Available(), "python3 is not installed");
    Path script = script();
    if (!Files.isRegularFile(script)) {
      throw new AssertionError("check_pftrace.py not found at " + script);
    }
    try {
      Path file = Files.createTempFile("systrument-", ".pftrace");
      try {
        Files.write(file, trace);
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(extraArgs));
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("check_pftrace.py timed out");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code --strict}: exit 0 means no violation and no warning. */
  static Result strict(byte[] trace) {
    return check(trace, "--strict");
  }

  private static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
