package dev.systrument.model;

/**
 * {@code --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---}: a signal delivered to a task,
 * or {@code --- stopped by SIGSTOP ---} (then {@link #stopped()} is true and {@link #siginfo()} is
 * empty).
 *
 * @param signal signal name as printed ({@code SIGCHLD}, or a number for unnamed real-time signals)
 * @param siginfo the braces' content ({@code si_signo=SIGCHLD, si_code=CLD_EXITED, ...}), decoded on demand
 */
public record SignalEvent(
    int pid,
    long timestampNs,
    TimeKind timeKind,
    String comm,
    SourceLocation location,
    String signal,
    Arguments siginfo,
    boolean stopped)
    implements TraceEvent {}
