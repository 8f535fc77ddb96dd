package dev.systrument.model;

import java.util.List;

/**
 * One syscall invocation. When strace split it ({@code read(3, <unfinished ...>} then
 * {@code <... read resumed>"", 4096) = 0}), the reader joins both halves: {@link #timestampNs()} is
 * the first half's, {@link #resumedTimestampNs()} the second's, {@link #location()} the first
 * half's line.
 *
 * @param name syscall name as printed ({@code openat}, {@code clone3}); interned by the reader
 * @param arguments the text between the parentheses, decoded on demand
 * @param result what followed {@code =}; {@link SyscallResult#NONE} when the call never returned
 * @param durationNs time spent in the call from {@code -T}, or {@link #NO_DURATION}
 * @param resumedTimestampNs timestamp of the {@code <... resumed>} half, or {@link #NO_TIMESTAMP}
 * @param completion whether the call returned, was left unfinished, or was detached
 * @param stack {@code -k} stack frames printed after the call (innermost first), usually empty
 */
public record SyscallEvent(
    int pid,
    long timestampNs,
    TimeKind timeKind,
    String comm,
    SourceLocation location,
    String name,
    Arguments arguments,
    SyscallResult result,
    long durationNs,
    long resumedTimestampNs,
    Completion completion,
    List<String> stack)
    implements TraceEvent {

  /** Sentinel for "no duration known". */
  public static final long NO_DURATION = -1;

  public SyscallEvent {
    stack = List.copyOf(stack);
  }

  /** How the call ended, as far as the log tells. */
  public enum Completion {
    /** It returned (possibly with an unknown value, {@code = ?}). */
    COMPLETE,
    /** {@code <unfinished ...>} and no {@code <... resumed>} followed (task killed or log cut). */
    UNFINISHED,
    /** {@code <detached ...>}: strace let go of the task during the call. */
    DETACHED
  }

  /**
   * Best known end time: start + {@code -T} duration, else the resumed half's timestamp, else the
   * start (an instant).
   */
  public long endTimestampNs() {
    if (durationNs >= 0) {
      return timestampNs + durationNs;
    }
    if (resumedTimestampNs != NO_TIMESTAMP && resumedTimestampNs >= timestampNs) {
      return resumedTimestampNs;
    }
    return timestampNs;
  }

  /** True when the result carries an errno ({@code -1 ENOENT (...)}, {@code ? ERESTARTSYS ...}). */
  public boolean failed() {
    return !result.errno().isEmpty();
  }
}
