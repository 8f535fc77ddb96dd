package dev.systrument.cli;

/**
 * The input has lines, and not one of them is strace output ({@code check /usr/bin/true}, {@code
 * strace2perfetto README.md}): exit code 1 with one line saying so, and no output file, instead
 * of an empty trace that looks like a successful conversion.
 */
final class NoStraceOutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient LogConversion.Result result;

  NoStraceOutputException(LogConversion.Result result) {
    super("no strace output found in " + result.source());
    this.result = result;
  }

  /** What was read (all lines problems or foreign), for a summary line. */
  LogConversion.Result result() {
    return result;
  }
}
