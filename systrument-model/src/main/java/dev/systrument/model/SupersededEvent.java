package dev.systrument.model;

/**
 * {@code 1234 +++ superseded by execve in pid 1240 +++}: a non-leader thread (here 1240) of
 * thread group 1234 called execve; the kernel ended every other thread and the exec'ing thread
 * continues under the leader's id. Printed on the leader's id ({@link #pid()}).
 *
 * @param formerPid the id the exec'ing thread had before (the pid after "in pid")
 */
public record SupersededEvent(
    int pid,
    long timestampNs,
    TimeKind timeKind,
    String comm,
    SourceLocation location,
    int formerPid)
    implements TraceEvent {}
