/**
 * The vocabulary of systrument: what strace reported, independent of how it was printed.
 *
 * <p>{@link dev.systrument.model.TraceEvent} is one logical strace record (a syscall, a signal, an
 * exit, ...). Events are immutable; the one lazy part, a syscall's decoded arguments, is cached
 * inside {@link dev.systrument.model.Arguments}.
 *
 * <p>Null, in the events: never. Every component of an event, of its {@link
 * dev.systrument.model.SyscallResult}, {@link dev.systrument.model.SourceLocation} and {@link
 * dev.systrument.model.Arguments} (and of the {@link dev.systrument.model.value.Value}s they
 * decode to) is non-null: absent text is {@code ""}, absent lists are empty, absent numbers use the
 * sentinels {@link dev.systrument.model.TraceEvent#NO_TIMESTAMP}, {@link
 * dev.systrument.model.SyscallEvent#NO_DURATION} and {@link
 * dev.systrument.model.SyscallResult#NONE}; the process tree's records do the same ({@code
 * ExitStatus.UNKNOWN}, 0 for a root's parent). Null means "absent" only where a Javadoc says "or
 * null", and those are lookups, optional links and not-yet-known parts, the whole list of the
 * module's public API:
 *
 * <ul>
 *   <li>here: the {@code name} passed to {@link dev.systrument.model.ArgumentTextSink#argument}
 *       (an argument without {@code name=}); {@link dev.systrument.model.Redaction#envValue} when
 *       environments are not exported;
 *   <li>{@code value}: {@code Value.Struct.get(name)} for a missing field;
 *   <li>{@code process}: the {@code spawn} of {@code ProcessListener.processStarted} and {@code
 *       threadStarted} when the spawning call is not known, the {@code task} of {@code
 *       ProcessListener.event} for an event that names no task; {@code ProcessNode.imageAt} before
 *       any exec, {@code ProcessTree.inheritedImage} for a root or an unknown ancestry, {@code
 *       ProcessTree.byKey} for an unknown key;
 *   <li>{@code stats}: {@code StatsCollector.stats()} before the trace finished, {@code
 *       TraceStats.program(name)} for a program that never ran, {@code CriticalLink.image} for a
 *       process that never exec'd;
 *   <li>{@code files}: {@code FileAccesses.get(path)} for a path never touched, and the {@code
 *       initialDirectory} a {@code FileAccessCollector} may be given as null (not known).
 * </ul>
 *
 * <p>This module depends on nothing: the parser attaches an {@link
 * dev.systrument.model.ArgumentDecoder} to each event, so the model can decode lazily without
 * knowing about ANTLR.
 */
package dev.systrument.model;
