package dev.systrument.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Facts about the terminal the CLI runs in. Java 17 cannot ask isatty(2) about stderr, so on
 * Linux we look at what /proc/self/fd/N points to; {@code SYSTRUMENT_PROGRESS=always|never}
 * overrides the guess (useful for CI logs and tests).
 */
final class Terminal {
  private final Map<String, String> env;
  private final IntPredicate isTerminal;

  /** @param isTerminal whether a file descriptor (0, 1, 2) is a terminal: {@link #isTerminal(int)} */
  Terminal(Map<String, String> env, IntPredicate isTerminal) {
    this.env = env;
    this.isTerminal = isTerminal;
  }

  /**
   * Whether stdin is a terminal: then a converter given no input refuses instead of waiting for a
   * log nobody is going to type.
   */
  boolean stdinIsTerminal() {
    return isTerminal.test(0);
  }

  /** Whether long work should draw a progress bar on stderr. */
  boolean progressOnStderr() {
    String forced = env.getOrDefault("SYSTRUMENT_PROGRESS", "");
    if (forced.equals("always")) {
      return true;
    }
    if (forced.equals("never")) {
      return false;
    }
    return isTerminal.test(2);
  }

  /** Width to truncate tree lines to, or 0 when stdout is not a terminal. */
  int stdoutColumns() {
    String columns = env.get("COLUMNS");
    if (columns != null && columns.matches("\\d{1,4}")) {
      return Integer.parseInt(columns);
    }
    return isTerminal.test(1) ? 120 : 0;
  }

  static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
