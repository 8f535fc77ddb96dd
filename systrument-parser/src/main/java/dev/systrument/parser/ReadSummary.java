package dev.systrument.parser;

/**
 * What a reader saw, for the {@code check} command and for tests.
 *
 * @param physicalLines lines read (as {@code wc -l} counts them, summed over -ff members)
 * @param events events delivered
 * @param syscalls logical syscalls delivered (an unfinished/resumed pair counts once)
 * @param problems problems reported
 * @param foreignLines lines that are not strace output (the traced program's own output in a
 *     stderr capture); counted, not errors
 * @param stackLines {@code -k} stack frame lines
 * @param unfinishedNeverResumed {@code <unfinished ...>} calls that no {@code <... resumed>}
 *     completed (the task was killed, or the log ends)
 * @param resumedWithoutUnfinished {@code <... resumed>} lines with no unfinished call before
 *     (typical when strace attached to a running process)
 * @param outOfOrder events delivered with an earlier timestamp than an event of their own task
 *     already delivered, because the reorder window was too small for the log's disorder (none
 *     is dropped: each is delivered with its own timestamp, as soon as it is complete)
 * @param lateCalls events delivered after later events of other tasks only: calls their task was
 *     blocked in for longer than the reorder window holds (make's {@code wait4} while its
 *     compilers run), delivered when they return, with their start time. Every task's own events
 *     are still in order, so this is no fault of the log or of the window; not a warning
 */
public record ReadSummary(
    long physicalLines,
    long events,
    long syscalls,
    long problems,
    long foreignLines,
    long stackLines,
    long unfinishedNeverResumed,
    long resumedWithoutUnfinished,
    long outOfOrder,
    long lateCalls) {

  static final ReadSummary EMPTY = new ReadSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  ReadSummary plus(ReadSummary o) {
    return new ReadSummary(
        physicalLines + o.physicalLines,
        events + o.events,
        syscalls + o.syscalls,
        problems + o.problems,
        foreignLines + o.foreignLines,
        stackLines + o.stackLines,
        unfinishedNeverResumed + o.unfinishedNeverResumed,
        resumedWithoutUnfinished + o.resumedWithoutUnfinished,
        outOfOrder + o.outOfOrder,
        lateCalls + o.lateCalls);
  }

  /** One line for humans: {@code 9452 lines, 7223 syscalls, 7281 events, 0 problems, ...}. */
  @Override
  public String toString() {
    return physicalLines + " lines, " + events + " events, " + syscalls + " syscalls, " + problems + " problems, "
        + foreignLines + " foreign lines, " + stackLines + " stack lines, " + unfinishedNeverResumed
        + " unfinished never resumed, " + resumedWithoutUnfinished + " resumed without unfinished, "
        + outOfOrder + " out of order, " + lateCalls + " late calls";
  }
}
