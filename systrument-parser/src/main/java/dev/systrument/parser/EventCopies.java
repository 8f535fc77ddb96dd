package dev.systrument.parser;

import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.util.List;

/**
 * Copies of immutable events with one thing changed, for the two facts the reader learns only
 * after an event was built: the pid of an unprefixed stderr line (known once strace starts
 * printing {@code [pid N]}), and the {@code -k} stack frames printed after a call.
 */
final class EventCopies {
  private EventCopies() {}

  static TraceEvent withPid(TraceEvent e, int pid) {
    if (e instanceof SyscallEvent s) {
      return new SyscallEvent(pid, s.timestampNs(), s.timeKind(), s.comm(), s.location(), s.name(), s.arguments(),
          s.result(), s.durationNs(), s.resumedTimestampNs(), s.completion(), s.stack());
    } else if (e instanceof SignalEvent g) {
      return new SignalEvent(pid, g.timestampNs(), g.timeKind(), g.comm(), g.location(), g.signal(), g.siginfo(), g.stopped());
    } else if (e instanceof ExitEvent x) {
      return new ExitEvent(pid, x.timestampNs(), x.timeKind(), x.comm(), x.location(), x.code());
    } else if (e instanceof KilledEvent k) {
      return new KilledEvent(pid, k.timestampNs(), k.timeKind(), k.comm(), k.location(), k.signal(), k.coreDumped());
    } else if (e instanceof SupersededEvent u) {
      return new SupersededEvent(pid, u.timestampNs(), u.timeKind(), u.comm(), u.location(), u.formerPid());
    }
    return e; // diagnostics name their own pid
  }

  static SyscallEvent withStack(SyscallEvent s, List<String> stack) {
    return new SyscallEvent(s.pid(), s.timestampNs(), s.timeKind(), s.comm(), s.location(), s.name(), s.arguments(),
        s.result(), s.durationNs(), s.resumedTimestampNs(), s.completion(), stack);
  }
}
