package dev.systrument.model;

/**
 * One logical strace record, as delivered by a reader: an {@code <unfinished ...>} line and its
 * {@code <... resumed>} line are one {@link SyscallEvent}.
 *
 * <p>{@link #pid()} is what strace prints in front of the line, which is the kernel task id (a
 * thread id for threads). Which process a task belongs to is decided by the process tracker, not
 * by the reader.
 */
public sealed interface TraceEvent
    permits SyscallEvent, SignalEvent, ExitEvent, KilledEvent, SupersededEvent, DiagnosticEvent {

  /** Sentinel for "no timestamp known". */
  long NO_TIMESTAMP = Long.MIN_VALUE;

  /**
   * The pid of a task whose real pid the log never shows: a log without pid prefixes ({@code
   * strace -o x CMD}, no {@code -f}) in which the task made none of the calls that reveal it
   * ({@code set_tid_address}, {@code gettid}, {@code getpid}). Above Linux's largest possible pid
   * ({@code PID_MAX_LIMIT}, 2^22), so it is never a real task's.
   */
  int UNKNOWN_PID = (1 << 22) + 1;

  /**
   * Task id as printed by strace (0 for strace's own messages that name no task; {@link
   * #UNKNOWN_PID} when the log never tells it).
   */
  int pid();

  /**
   * Nanoseconds since the Unix epoch. For {@link TimeKind#NONE} logs this is a synthetic clock
   * (one microsecond per record, in log order, starting at 0) so that consumers can always order
   * and place events; check {@link #timeKind()} before showing it as a wall-clock time.
   */
  long timestampNs();

  /** How {@link #timestampNs()} was obtained. */
  TimeKind timeKind();

  /** The task's command name from {@code -Y} ({@code 1234<bash>}), or "" when not printed. */
  String comm();

  /** Where the record starts in the input. */
  SourceLocation location();
}
