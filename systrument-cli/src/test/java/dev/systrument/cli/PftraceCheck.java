package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shared validator {@code check_pftrace.py --strict} (it replays the trace processor's
 * import rules) on a written trace. It lives beside the clone in CI ({@code ../shared/tools}) and
 * in /work/shared/tools on the development machine.
 */
final class PftraceCheck {
  private PftraceCheck() {}

  static Path script() {
    Path besideClone = Corpus.repoRoot().resolve("../shared/tools/check_pftrace.py").normalize();
    if (Files.isRegularFile(besideClone)) {
      return besideClone;
    }
    Path shared = Path.of("/work/shared/tools/check_pftrace.py");
    if (Files.isRegularFile(shared)) {
      return shared;
    }
    throw new AssertionError("check_pftrace.py not found beside the repository (" + besideClone + ") nor in /work/shared/tools");
  }

  /** Asserts that {@code check_pftrace.py --strict TRACE} exits 0; its report is the failure message. */
  static void assertPasses(Path trace) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", script().toString(), "--strict", trace.toString())
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    byte[] report = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("check_pftrace.py finished").isTrue();
    assertThat(p.exitValue())
        .as("check_pftrace.py --strict %s:\n%s", trace.getFileName(), new String(report, StandardCharsets.UTF_8))
        .isZero();
  }
}
