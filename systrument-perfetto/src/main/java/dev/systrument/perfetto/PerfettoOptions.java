package dev.systrument.perfetto;

import dev.systrument.model.EnvRedaction;
import java.util.Objects;

/**
 * What {@link PerfettoWriter} exports.
 *
 * @param syscalls one slice per syscall (CLI {@code --no-syscalls} turns it off: then only
 *     processes, threads, exec phases, spawn calls with their flows, signals and exits remain)
 * @param logs every strace record also as a log message on its thread (CLI {@code --logs})
 * @param envRedaction how exec phases show the environment (CLI {@code --env=})
 */
public record PerfettoOptions(boolean syscalls, boolean logs, EnvRedaction envRedaction) {
  public static final PerfettoOptions DEFAULTS = new PerfettoOptions(true, false, EnvRedaction.REDACTED);

  public PerfettoOptions {
    Objects.requireNonNull(envRedaction, "envRedaction");
  }

  public PerfettoOptions withSyscalls(boolean value) {
    return new PerfettoOptions(value, logs, envRedaction);
  }

  public PerfettoOptions withLogs(boolean value) {
    return new PerfettoOptions(syscalls, value, envRedaction);
  }

  public PerfettoOptions withEnvRedaction(EnvRedaction value) {
    return new PerfettoOptions(syscalls, logs, value);
  }
}
