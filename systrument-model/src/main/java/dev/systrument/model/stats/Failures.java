package dev.systrument.model.stats;

import java.util.List;

/**
 * What went wrong.
 *
 * @param exits processes that exited non-zero or were killed by a signal, in order of appearance
 * @param failedExecs exec attempts that failed, grouped by path and errno, most frequent first
 * @param lookupMisses per program, path calls that failed with {@code ENOENT} (a search along
 *     PATH, an include path, a library path), most first
 */
public record Failures(List<FailedProcess> exits, List<FailedExec> failedExecs, List<LookupMisses> lookupMisses) {
  public Failures {
    exits = List.copyOf(exits);
    failedExecs = List.copyOf(failedExecs);
    lookupMisses = List.copyOf(lookupMisses);
  }

  /** A process that did not exit 0: {@code status} is {@code exit 2}, {@code SIGSEGV (core dumped)}. */
  public record FailedProcess(int pid, String program, String status, boolean killed) {}

  /** {@code count} failed execs of {@code path} with {@code errno}, by {@code programs}. */
  public record FailedExec(String path, String errno, int count, List<String> programs) {
    public FailedExec {
      programs = List.copyOf(programs);
    }
  }

  /** {@code count} path calls of {@code program} that found nothing, {@code execs} of them execs. */
  public record LookupMisses(String program, long count, long execs) {}
}
