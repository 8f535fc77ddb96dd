package dev.systrument.model;

/** {@code +++ exited with 3 +++}: the task ended with an exit code. */
public record ExitEvent(
    int pid,
    long timestampNs,
    TimeKind timeKind,
    String comm,
    SourceLocation location,
    int code)
    implements TraceEvent {}
