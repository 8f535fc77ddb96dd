/**
 * Processes, threads, execs and exits rebuilt from a stream of {@link
 * dev.systrument.model.TraceEvent}s.
 *
 * <p>{@link dev.systrument.model.process.ProcessTracker} applies strace's lifecycle rules (spawn,
 * exec, exit, pid reuse, races between a parent's clone and its child's first lines) and reports
 * them to a {@link dev.systrument.model.process.ProcessListener} as they happen, for streaming
 * exporters; {@link dev.systrument.model.process.ProcessTracker#snapshot()} gives the immutable
 * {@link dev.systrument.model.process.ProcessTree} for library users and tests.
 */
package dev.systrument.model.process;
