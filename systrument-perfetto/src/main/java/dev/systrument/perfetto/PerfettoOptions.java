package dev.systrument.perfetto;

import dev.systrument.model.Redaction;
import java.util.Objects;

/**
 * What {@link PerfettoWriter} exports.
 *
 * @param syscalls one slice per syscall (CLI {@code --no-syscalls} turns it off: then only
 *     processes, threads, exec phases, spawn calls with their flows, signals and exits remain)
 * @param logs every strace record also as a log message on its thread (CLI {@code --logs})
 * @param redaction what exec phases, exec calls, process command lines and log messages hide of
 *     argv and environments (CLI {@code --env=}, {@code --no-redact}; docs/redaction.md).
 *     Default: {@link Redaction#DEFAULT}, environments exported with secret values hidden
 */
public record PerfettoOptions(boolean syscalls, boolean logs, Redaction redaction) {
  public static final PerfettoOptions DEFAULTS = new PerfettoOptions(true, false, Redaction.DEFAULT);

  public PerfettoOptions {
    Objects.requireNonNull(redaction, "redaction");
  }

  public PerfettoOptions withSyscalls(boolean value) {
    return new PerfettoOptions(value, logs, redaction);
  }

  public PerfettoOptions withLogs(boolean value) {
    return new PerfettoOptions(syscalls, value, redaction);
  }

  public PerfettoOptions withRedaction(Redaction value) {
    return new PerfettoOptions(syscalls, logs, value);
  }
}
