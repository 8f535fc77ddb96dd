package dev.systrument.model;

/**
 * A line strace wrote about its own work rather than about a traced call: {@code strace: Process
 * 19601 attached}, {@code strace: Process 5 detached}, {@code [ Process PID=7 runs in 32 bit mode.
 * ]}, or another {@code strace: ...} message. {@link #pid()} is the process it names, or 0.
 */
public record DiagnosticEvent(
    int pid,
    long timestampNs,
    TimeKind timeKind,
    String comm,
    SourceLocation location,
    Kind kind,
    String text)
    implements TraceEvent {

  public enum Kind {
    ATTACHED,
    DETACHED,
    /** {@code [ Process PID=N runs in 32 bit mode. ]} and similar personality switches. */
    PERSONALITY,
    OTHER
  }
}
