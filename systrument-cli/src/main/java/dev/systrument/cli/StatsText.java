package dev.systrument.cli;

import dev.systrument.model.Redaction;
import dev.systrument.model.TimeKind;
import dev.systrument.model.stats.CriticalLink;
import dev.systrument.model.stats.Failures;
import dev.systrument.model.stats.Parallelism;
import dev.systrument.model.stats.ProgramStats;
import dev.systrument.model.stats.ProgramSyscalls;
import dev.systrument.model.stats.SyscallRow;
import dev.systrument.model.stats.TraceStats;
import java.util.List;
import java.util.Locale;

/**
 * {@code stats}: the {@link TraceStats} of a log for the terminal, as aligned tables. What the log
 * cannot tell (no timestamps, no {@code -T}) is said once per section, and those columns are left
 * out rather than filled with zeros.
 */
final class StatsText {
  private final TraceStats stats;
  private final int top;
  private final int width;
  private final Redaction redaction;

  /**
   * @param top rows per table (programs, syscalls per program, failures); 0 for all
   * @param width maximum line width for command lines, 0 for no limit
   */
  StatsText(TraceStats stats, int top, int width, Redaction redaction) {
    this.stats = stats;
    this.top = top;
    this.width = width;
    this.redaction = redaction;
  }

  String render() {
    StringBuilder sb = new StringBuilder();
    overview(sb);
    programs(sb);
    parallelism(sb);
    criticalPath(sb);
    failures(sb);
    syscalls(sb);
    return sb.toString();
  }

  private void overview(StringBuilder sb) {
    sb.append("wall time   ").append(stats.hasTimes() ? duration(stats.wallNs()) : "unknown").append('\n');
    sb.append("processes   ").append(stats.processes()).append(", threads ").append(stats.threads()).append('\n');
    sb.append("timestamps  ").append(timestamps(stats.timeKind())).append('\n');
    sb.append("durations   ").append(stats.hasSyscallTimes() ? "-T (syscall times known)" : "none (no -T: syscall times unknown)").append('\n');
  }

  private static String timestamps(TimeKind kind) {
    return switch (kind) {
      case EPOCH -> "epoch (-ttt)";
      case TIME_OF_DAY -> "time of day (-t/-tt)";
      case RELATIVE -> "relative (-r)";
      case NONE -> "none (no -t/-tt/-ttt/-r: wall time, run times, mean parallelism and path times unknown)";
    };
  }

  private void programs(StringBuilder sb) {
    if (stats.hasTimes()) {
      sb.append("\nPrograms by total time\n");
      appendPrograms(sb, stats.programs());
    }
    sb.append("\nPrograms by runs").append(stats.hasTimes() ? "" : " (no timestamps: run times unknown)").append('\n');
    appendPrograms(sb, stats.programsByRuns());
  }

  private void appendPrograms(StringBuilder sb, List<ProgramStats> programs) {
    if (programs.isEmpty()) {
      sb.append("  (no exec in this log)\n");
      return;
    }
    TextTable table = stats.hasTimes() ? new TextTable("program", ">runs", ">total", ">median", ">max") : new TextTable("program", ">runs");
    for (ProgramStats p : limit(programs)) {
      if (stats.hasTimes()) {
        table.row(p.name(), "×" + p.runs(), duration(p.totalNs()), duration(p.medianNs()), duration(p.maxNs()));
      } else {
        table.row(p.name(), "×" + p.runs());
      }
    }
    table.appendTo(sb, "  ");
    more(sb, programs.size());
  }

  private void parallelism(StringBuilder sb) {
    Parallelism p = stats.parallelism();
    sb.append("\nParallelism\n");
    sb.append("  peak        ").append(p.peak()).append(p.peak() == 1 ? " process" : " processes").append(" at once\n");
    if (stats.hasTimes()) {
      sb.append("  mean        ").append(String.format(Locale.ROOT, "%.2f", p.mean())).append(" (time-weighted over the wall time)\n");
      sb.append("  one alone   ").append(duration(p.serialNs()));
      if (p.wallNs() > 0) {
        sb.append(String.format(Locale.ROOT, " (%.0f%% of the wall time)", 100 * p.serialShare()));
      }
      sb.append('\n');
    } else {
      sb.append("  mean, time alone: unknown (no timestamps)\n");
    }
  }

  private void criticalPath(StringBuilder sb) {
    sb.append("\nCritical path (what the end time waited for: each process, then the children it waited for, in order)\n");
    if (stats.criticalPath().isEmpty()) {
      sb.append("  (no process)\n");
      return;
    }
    TextTable table = stats.hasTimes() ? new TextTable(">pid", ">total", ">own", "command") : new TextTable(">pid", "command");
    for (int i = 0; i < stats.criticalPath().size(); i++) {
      CriticalLink link = stats.criticalPath().get(i);
      String command = (link.depth() == 0 ? "" : "  ".repeat(Math.min(link.depth() - 1, 12)) + "└ ") + command(link);
      if (stats.hasTimes()) {
        table.row(link.pid(), duration(link.durationNs()), duration(link.ownNs()), command);
      } else {
        table.row(link.pid(), command);
      }
    }
    table.appendTo(sb, "  ");
  }

  private String command(CriticalLink link) {
    if (link.image() == null) {
      return link.program();
    }
    List<String> argv = redaction.argvText(link.image().argv());
    String line = argv.isEmpty() ? link.program() : link.program() + " " + ShellWords.join(argv.subList(1, argv.size()));
    int max = width > 0 ? Math.max(40, width - 40) : 100;
    return line.length() > max ? line.substring(0, max - 1) + "…" : line.strip();
  }

  private void failures(StringBuilder sb) {
    Failures f = stats.failures();
    sb.append("\nFailures\n");
    if (f.exits().isEmpty()) {
      sb.append("  every process exited 0\n");
    } else {
      sb.append("  ").append(f.exits().size()).append(f.exits().size() == 1 ? " process" : " processes").append(" did not exit 0:\n");
      TextTable table = new TextTable(">pid", "program", "status");
      for (Failures.FailedProcess p : limit(f.exits())) {
        table.row(p.pid(), p.program(), p.status());
      }
      table.appendTo(sb, "    ");
      more(sb, f.exits().size());
    }
    if (f.failedExecs().isEmpty()) {
      sb.append("  no failed exec\n");
    } else {
      int total = f.failedExecs().stream().mapToInt(Failures.FailedExec::count).sum();
      sb.append("  ").append(total).append(" failed exec").append(total == 1 ? "" : "s").append(":\n");
      TextTable table = new TextTable(">count", "errno", "path", "by");
      for (Failures.FailedExec e : limit(f.failedExecs())) {
        table.row("×" + e.count(), e.errno(), e.path(), String.join(", ", e.programs()));
      }
      table.appendTo(sb, "    ");
      more(sb, f.failedExecs().size());
    }
    if (f.lookupMisses().isEmpty()) {
      sb.append("  no lookup failed with ENOENT\n");
    } else {
      sb.append("  lookups that found nothing (ENOENT), by program:\n");
      TextTable table = new TextTable("program", ">ENOENT", ">of them execs");
      for (Failures.LookupMisses m : limit(f.lookupMisses())) {
        table.row(m.program(), m.count(), m.execs());
      }
      table.appendTo(sb, "    ");
      more(sb, f.lookupMisses().size());
    }
  }

  private void syscalls(StringBuilder sb) {
    sb.append("\nSyscalls by program (as strace -c counts them")
        .append(stats.hasSyscallTimes() ? ")" : "; total and mean unknown: the log has no -T)")
        .append('\n');
    if (stats.syscalls().isEmpty()) {
      sb.append("  (no syscall)\n");
      return;
    }
    for (ProgramSyscalls program : limit(stats.syscalls())) {
      sb.append("  ").append(program.program()).append(": ").append(program.calls()).append(" calls");
      if (stats.hasSyscallTimes()) {
        sb.append(", ").append(duration(program.totalNs()));
      }
      sb.append('\n');
      TextTable table = stats.hasSyscallTimes()
          ? new TextTable("syscall", ">calls", ">errors", ">total", ">mean")
          : new TextTable("syscall", ">calls", ">errors");
      for (SyscallRow row : limit(program.rows())) {
        if (stats.hasSyscallTimes()) {
          table.row(row.name(), row.calls(), row.errors(), duration(row.totalNs()), duration(row.meanNs()));
        } else {
          table.row(row.name(), row.calls(), row.errors());
        }
      }
      table.appendTo(sb, "    ");
      more(sb, program.rows().size(), "    ");
    }
    more(sb, stats.syscalls().size());
  }

  private <T> List<T> limit(List<T> list) {
    return top > 0 && list.size() > top ? list.subList(0, top) : list;
  }

  private void more(StringBuilder sb, int size) {
    more(sb, size, "  ");
  }

  private void more(StringBuilder sb, int size, String indent) {
    if (top > 0 && size > top) {
      sb.append(indent).append("… ").append(size - top).append(" more (--top 0 shows all, --json has all)\n");
    }
  }

  private static String duration(long ns) {
    return ns < 0 ? "?" : TreeText.formatDuration(ns);
  }
}
