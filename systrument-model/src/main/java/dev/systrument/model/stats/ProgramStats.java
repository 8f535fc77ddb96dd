package dev.systrument.model.stats;

/**
 * The runs of one program: every exec of it, timed from the exec to the process's next exec or end.
 *
 * @param name the exec name ({@code gcc})
 * @param runs how many times it was exec'd
 * @param totalNs summed wall time of its runs; -1 when the log has no times
 * @param medianNs median wall time of a run; -1 when the log has no times
 * @param maxNs longest run; -1 when the log has no times
 */
public record ProgramStats(String name, int runs, long totalNs, long medianNs, long maxNs) {}
