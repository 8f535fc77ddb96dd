package dev.systrument.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Live tests need a working strace: installed, and allowed to ptrace (a container without
 * CAP_SYS_PTRACE or with kernel.yama.ptrace_scope=3 refuses). CI installs strace, so there they
 * run; elsewhere they are skipped with the reason, never failed.
 */
final class LiveStrace {
  private static Boolean usable;

  private LiveStrace() {}

  static synchronized void assumeUsable() {
    if (usable == null) {
      usable = probe();
    }
    assumeTrue(usable, "strace is not on PATH or ptrace is not permitted here (strace -f -o /dev/null true failed)");
  }

  private static boolean probe() {
    try {
      Process p = new ProcessBuilder("strace", "-f", "-o", "/dev/null", "true")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
