/**
 * Every path a trace's programs touched, and how: {@link
 * dev.systrument.model.files.FileAccessCollector} is a {@link
 * dev.systrument.model.process.ProcessListener} that resolves each path call against its
 * process's working directory and descriptor table; {@link dev.systrument.model.files.FileAccesses}
 * is the result, with queries for test harnesses ({@code writtenUnder}, {@code missing}, {@code
 * readBy}). docs/files.md maps each syscall to an {@link dev.systrument.model.files.Access}.
 */
package dev.systrument.model.files;
