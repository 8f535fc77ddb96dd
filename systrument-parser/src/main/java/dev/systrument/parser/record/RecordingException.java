package dev.systrument.parser.record;

/**
 * A recording could not start. {@link #reason()} tells which of the user-fixable causes it was;
 * the message says what to do.
 */
public final class RecordingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** No strace executable on PATH. */
    STRACE_NOT_FOUND,
    /** strace runs, but the kernel refuses ptrace (Yama, container seccomp, missing capability). */
    PTRACE_NOT_PERMITTED,
    /** The command to trace does not exist (a shell would exit 127). */
    COMMAND_NOT_FOUND,
    /** The command to trace exists but cannot be executed: no execute permission, a directory (a shell would exit 126). */
    COMMAND_NOT_EXECUTABLE,
    /** The installed strace rejected every flag set we know. */
    STRACE_UNUSABLE,
    /** The temporary FIFO could not be created. */
    IO
  }

  private final Reason reason;

  RecordingException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
