package dev.systrument.model;

/**
 * Renders an event back as one strace-like line ({@code 1234 openat(AT_FDCWD, "/etc/x", O_RDONLY)
 * = 3 <0.000012>}), for exporters that show "the strace line" (Perfetto log messages, OTel log
 * bodies). The reader does not keep original lines (that would double the memory traffic of the
 * hot path); this text is equivalent, with both halves of a split call joined.
 */
public final class EventText {
  private EventText() {}

  /**
   * As {@link #render(TraceEvent)}, with an exec's argv and environment arguments shown under
   * {@code redaction} ({@link Redaction#call}): what every exporter that ships strace lines must use.
   */
  public static String render(TraceEvent event, Redaction redaction) {
    return render(event instanceof SyscallEvent s ? redaction.call(s) : event);
  }

  public static String render(TraceEvent event) {
    StringBuilder sb = new StringBuilder(64);
    sb.append(event.pid()).append(' ');
    // Java 17: no pattern switch yet, so an instanceof chain over the sealed hierarchy.
    if (event instanceof SyscallEvent s) {
      sb.append(s.name()).append('(').append(s.arguments().text()).append(')');
      switch (s.completion()) {
        case COMPLETE -> sb.append(" = ").append(s.result().text());
        case UNFINISHED -> sb.append(" <unfinished ...>");
        case DETACHED -> sb.append(" <detached ...>");
      }
      if (s.durationNs() >= 0) {
        String frac = Long.toString(s.durationNs() % 1_000_000_000L);
        sb.append(" <").append(s.durationNs() / 1_000_000_000L).append('.');
        sb.append("0".repeat(9 - frac.length())).append(frac).append('>');
      }
    } else if (event instanceof SignalEvent g) {
      if (g.stopped()) {
        sb.append("--- stopped by ").append(g.signal()).append(" ---");
      } else {
        sb.append("--- ").append(g.signal()).append(" {").append(g.siginfo().text()).append("} ---");
      }
    } else if (event instanceof ExitEvent e) {
      sb.append("+++ exited with ").append(e.code()).append(" +++");
    } else if (event instanceof KilledEvent k) {
      sb.append("+++ killed by ").append(k.signal()).append(k.coreDumped() ? " (core dumped)" : "").append(" +++");
    } else if (event instanceof SupersededEvent x) {
      sb.append("+++ superseded by execve in pid ").append(x.formerPid()).append(" +++");
    } else if (event instanceof DiagnosticEvent d) {
      sb.append(d.text());
    }
    return sb.toString();
  }
}
