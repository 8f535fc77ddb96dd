package dev.systrument.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How this JVM handles a signal, as the kernel reports it ({@code SigIgn} in /proc/self/status),
 * and whether {@code env} can change a disposition for a child. A process started with a signal
 * ignored passes that on to everything it starts, so tests that signal a child must know.
 */
final class SignalDisposition {
  private static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15);
  private static Boolean envCanSetSignals;

  private SignalDisposition() {}

  /** The bit of a signal in the SigIgn mask. */
  static long mask(String name) {
    return 1L << (NUMBERS.get(name) - 1);
  }

  static boolean ignored(String name) {
    try {
      List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
      return status.stream()
          .filter(line -> line.startsWith("SigIgn:"))
          .anyMatch(line -> (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & mask(name)) != 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** coreutils' {@code env --default-signal / --ignore-signal} (8.31 and later). */
  static synchronized boolean envCanSetSignals() {
    if (envCanSetSignals == null) {
      try {
        Process p = new ProcessBuilder("env", "--default-signal=INT", "--ignore-signal=TERM", "true")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        envCanSetSignals = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        envCanSetSignals = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        envCanSetSignals = false;
      }
    }
    return envCanSetSignals;
  }
}
