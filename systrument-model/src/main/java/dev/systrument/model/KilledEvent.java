package dev.systrument.model;

/** {@code +++ killed by SIGSEGV (core dumped) +++}: the task was ended by a signal. */
public record KilledEvent(
    int pid,
    long timestampNs,
    TimeKind timeKind,
    String comm,
    SourceLocation location,
    String signal,
    boolean coreDumped)
    implements TraceEvent {}
