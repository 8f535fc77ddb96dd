package dev.systrument.model.stats;

import dev.systrument.model.TimeKind;
import java.util.Comparator;
import java.util.List;

/**
 * The answers to "why was it slow, what did it run, what failed" for one trace, built by {@link
 * StatsCollector}. Durations are nanoseconds; -1 (NaN for means) where the log cannot tell:
 * {@link #hasTimes()} is false for a log without timestamps, {@link #hasSyscallTimes()} false
 * without {@code -T}.
 *
 * @param timeKind how the log's timestamps were written
 * @param hasSyscallTimes whether any syscall carried a {@code -T} duration
 * @param wallNs from the first process start to the last end; -1 without times
 * @param processes process identities (a reused pid counts again)
 * @param threads non-leader threads
 * @param programs per program, by total wall time (then by runs)
 * @param parallelism processes alive at once
 * @param criticalPath the processes that determined the end time, depth first (see {@link
 *     CriticalLink#depth()}): from the root that ended last, the children each one waited for
 * @param failures non-zero exits, signals, failed execs, failed lookups
 * @param syscalls per program, the {@code strace -c} table, most costly program first
 */
public record TraceStats(
    TimeKind timeKind,
    boolean hasSyscallTimes,
    long wallNs,
    int processes,
    int threads,
    List<ProgramStats> programs,
    Parallelism parallelism,
    List<CriticalLink> criticalPath,
    Failures failures,
    List<ProgramSyscalls> syscalls) {

  public TraceStats {
    programs = List.copyOf(programs);
    criticalPath = List.copyOf(criticalPath);
    syscalls = List.copyOf(syscalls);
  }

  /** Whether the log has timestamps (any of {@code -t}, {@code -tt}, {@code -ttt}, {@code -r}). */
  public boolean hasTimes() {
    return timeKind != TimeKind.NONE;
  }

  /** Programs by how often they ran, most first. */
  public List<ProgramStats> programsByRuns() {
    return programs.stream()
        .sorted(Comparator.comparingInt(ProgramStats::runs).reversed().thenComparing(ProgramStats::name))
        .toList();
  }

  /** The stats of {@code program}, or null when it never ran. */
  public ProgramStats program(String program) {
    return programs.stream().filter(p -> p.name().equals(program)).findFirst().orElse(null);
  }

  /** The programs of the critical path, depth first, root first: {@code [make, gcc, cc1, as, sh, app]}. */
  public List<String> criticalPrograms() {
    return criticalPath.stream().map(CriticalLink::program).toList();
  }
}
