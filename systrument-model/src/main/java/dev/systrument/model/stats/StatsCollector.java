package dev.systrument.model.stats;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecAttempt;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.ProgramNames;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds {@link TraceStats} as a {@link ProcessListener}: syscall counts per program while the
 * events stream by (names, results and durations only: no argument is decoded), everything else
 * from the final {@link ProcessTree}. Memory: one counter per (program, syscall) pair.
 */
public final class StatsCollector implements ProcessListener {
  private final ProgramNames programs = new ProgramNames();
  private final Map<String, Map<String, Counter>> syscalls = new HashMap<>();
  private final Map<String, long[]> misses = new HashMap<>();
  private boolean syscallTimes;
  private TraceStats result;

  @Override
  public void processStarted(Task leader, Spawn spawn, long timestampNs) {
    programs.processStarted(leader, spawn);
  }

  @Override
  public void parentFound(Task child, Spawn spawn) {
    programs.parentFound(child, spawn);
  }

  @Override
  public void exec(Task leader, ExecImage image) {
    programs.exec(leader, image);
  }

  @Override
  public void event(Task task, TraceEvent event) {
    if (!(event instanceof SyscallEvent call)) {
      return;
    }
    String program = programs.of(task);
    Counter c = syscalls.computeIfAbsent(program, p -> new HashMap<>()).computeIfAbsent(call.name(), n -> new Counter());
    c.calls++;
    if (call.failed()) {
      c.errors++;
      if (call.result().errno().equals("ENOENT")) {
        long[] m = misses.computeIfAbsent(program, p -> new long[2]);
        m[0]++;
        if (call.name().startsWith("execve")) {
          m[1]++;
        }
      }
    }
    if (call.durationNs() >= 0) {
      c.timed++;
      c.totalNs += call.durationNs();
      syscallTimes = true;
    }
  }

  @Override
  public void finished(ProcessTree tree) {
    result = build(tree);
  }

  /** The stats; null before {@link #finished}. */
  public TraceStats stats() {
    return result;
  }

  private TraceStats build(ProcessTree tree) {
    boolean timed = tree.timeKind() != TimeKind.NONE;
    int threads = tree.processes().stream().mapToInt(p -> p.threads().size()).sum();
    Parallelism parallelism = Concurrency.of(tree.processes(), timed);
    return new TraceStats(
        tree.timeKind(),
        syscallTimes,
        parallelism.wallNs(),
        tree.processes().size(),
        threads,
        programStats(tree, timed),
        parallelism,
        CriticalPath.of(tree, timed),
        failures(tree),
        syscallTables());
  }

  private static List<ProgramStats> programStats(ProcessTree tree, boolean timed) {
    Map<String, List<Long>> runs = new LinkedHashMap<>();
    for (ProcessNode p : tree.processes()) {
      List<ExecImage> execs = p.execs();
      for (int i = 0; i < execs.size(); i++) {
        long end = i + 1 < execs.size() ? execs.get(i + 1).timestampNs() : p.endNs();
        long start = execs.get(i).timestampNs();
        long duration = end == TraceEvent.NO_TIMESTAMP || start == TraceEvent.NO_TIMESTAMP ? 0 : Math.max(0, end - start);
        runs.computeIfAbsent(execs.get(i).executableName(), n -> new ArrayList<>()).add(duration);
      }
    }
    List<ProgramStats> stats = new ArrayList<>();
    runs.forEach((name, durations) -> {
      durations.sort(null);
      long total = durations.stream().mapToLong(Long::longValue).sum();
      long median = durations.get(durations.size() / 2);
      if (durations.size() % 2 == 0) {
        median = (median + durations.get(durations.size() / 2 - 1)) / 2;
      }
      long max = durations.get(durations.size() - 1);
      stats.add(timed ? new ProgramStats(name, durations.size(), total, median, max) : new ProgramStats(name, durations.size(), -1, -1, -1));
    });
    stats.sort(Comparator.comparingLong(ProgramStats::totalNs).reversed()
        .thenComparing(Comparator.comparingInt(ProgramStats::runs).reversed())
        .thenComparing(ProgramStats::name));
    return stats;
  }

  private Failures failures(ProcessTree tree) {
    List<Failures.FailedProcess> exits = new ArrayList<>();
    Map<List<String>, FailedExecs> execs = new LinkedHashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ProcessNode p : tree.processes()) {
      String inherited = p.isRoot() ? ProgramNames.UNKNOWN : names.getOrDefault(p.parentKey(), ProgramNames.UNKNOWN);
      String name = p.execs().isEmpty() ? inherited : p.execs().get(p.execs().size() - 1).executableName();
      names.put(p.processKey(), name);
      if (p.exit() instanceof ExitStatus.Killed || (p.exit() instanceof ExitStatus.Exited e && e.code() != 0)) {
        exits.add(new Failures.FailedProcess(p.pid(), name, p.exit().describe(), p.exit() instanceof ExitStatus.Killed));
      }
      for (ExecAttempt a : p.failedExecs()) {
        execs.computeIfAbsent(List.of(a.path().text(), a.errno()), k -> new FailedExecs()).add(inherited(p, a, inherited));
      }
    }
    List<Failures.FailedExec> failedExecs = new ArrayList<>();
    execs.forEach((k, v) -> failedExecs.add(new Failures.FailedExec(k.get(0), k.get(1), v.count, List.copyOf(v.programs))));
    failedExecs.sort(Comparator.comparingInt(Failures.FailedExec::count).reversed());
    List<Failures.LookupMisses> lookups = new ArrayList<>();
    misses.forEach((program, m) -> lookups.add(new Failures.LookupMisses(program, m[0], m[1])));
    lookups.sort(Comparator.comparingLong(Failures.LookupMisses::count).reversed().thenComparing(Failures.LookupMisses::program));
    return new Failures(exits, failedExecs, lookups);
  }

  /** The program that tried the exec: the image the process ran at that time. */
  private static String inherited(ProcessNode p, ExecAttempt attempt, String inherited) {
    String name = inherited;
    for (ExecImage image : p.execs()) {
      if (image.timestampNs() <= attempt.timestampNs()) {
        name = image.executableName();
      }
    }
    return name;
  }

  private List<ProgramSyscalls> syscallTables() {
    List<ProgramSyscalls> tables = new ArrayList<>();
    syscalls.forEach((program, counters) -> {
      List<SyscallRow> rows = new ArrayList<>();
      long calls = 0;
      long total = 0;
      for (Map.Entry<String, Counter> e : counters.entrySet()) {
        Counter c = e.getValue();
        calls += c.calls;
        total += c.totalNs;
        rows.add(syscallTimes
            ? new SyscallRow(e.getKey(), c.calls, c.errors, c.totalNs, c.timed == 0 ? 0 : c.totalNs / c.timed)
            : new SyscallRow(e.getKey(), c.calls, c.errors, -1, -1));
      }
      rows.sort(Comparator.comparingLong(SyscallRow::totalNs).reversed()
          .thenComparing(Comparator.comparingLong(SyscallRow::calls).reversed())
          .thenComparing(SyscallRow::name));
      tables.add(new ProgramSyscalls(program, calls, syscallTimes ? total : -1, rows));
    });
    tables.sort(Comparator.comparingLong(ProgramSyscalls::totalNs).reversed()
        .thenComparing(Comparator.comparingLong(ProgramSyscalls::calls).reversed())
        .thenComparing(ProgramSyscalls::program));
    return tables;
  }

  private static final class Counter {
    long calls;
    long errors;
    long timed;
    long totalNs;
  }

  private static final class FailedExecs {
    int count;
    final TreeSet<String> programs = new TreeSet<>();

    void add(String program) {
      count++;
      programs.add(program);
    }
  }
}
