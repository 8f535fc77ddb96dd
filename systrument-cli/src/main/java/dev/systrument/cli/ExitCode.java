package dev.systrument.cli;

/** The CLI's exit codes, in one place (documented in README). */
final class ExitCode {
  private ExitCode() {}

  /** Everything was read and written; no problems. */
  static final int OK = 0;
  /** The work was done, but input lines were skipped or an export partly failed. */
  static final int PROBLEMS = 1;
  /** Bad command line or an impossible request (missing input, unwritable output). */
  static final int USAGE = 2;
  /** A bug or an I/O failure we did not expect. */
  static final int INTERNAL = 3;

  /** {@code record}: the command to trace exists but cannot be executed, as a shell reports it. */
  static final int COMMAND_NOT_EXECUTABLE = 126;

  /** {@code record}: the command to trace does not exist, as a shell reports it. */
  static final int COMMAND_NOT_FOUND = 127;
}
