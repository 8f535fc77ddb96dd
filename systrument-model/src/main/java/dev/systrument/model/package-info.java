/**
 * The vocabulary of systrument: what strace reported, independent of how it was printed.
 *
 * <p>{@link dev.systrument.model.TraceEvent} is one logical strace record (a syscall, a signal, an
 * exit, ...). Events are immutable; the one lazy part, a syscall's decoded arguments, is cached
 * inside {@link dev.systrument.model.Arguments}. Every reference is non-null; absent numbers use the
 * sentinels {@link dev.systrument.model.TraceEvent#NO_TIMESTAMP} and
 * {@link dev.systrument.model.SyscallEvent#NO_DURATION}.
 *
 * <p>This module depends on nothing: the parser attaches an {@link
 * dev.systrument.model.ArgumentDecoder} to each event, so the model can decode lazily without
 * knowing about ANTLR.
 */
package dev.systrument.model;
