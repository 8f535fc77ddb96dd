/**
 * Why a trace was slow and what failed: {@link dev.systrument.model.stats.StatsCollector} is a
 * {@link dev.systrument.model.process.ProcessListener} that counts syscalls per program and, at
 * the end, derives from the process tree the programs' run times, the parallelism, the critical
 * path and the failures, as one {@link dev.systrument.model.stats.TraceStats}. docs/stats.md
 * defines each figure.
 */
package dev.systrument.model.stats;
