package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import dev.systrument.model.Redaction;
import dev.systrument.perfetto.PerfettoOptions;

/** Perfetto output options, shared by {@code strace2perfetto} and {@code record}. */
final class PerfettoFlags {
  @Parameter(names = "--no-syscalls", description = "Processes, execs and flows only (for very large logs)")
  boolean noSyscalls;

  @Parameter(
      names = "--env",
      description = "Environment variables: redacted (secret-looking values replaced; default for Perfetto), none, all."
          + " OpenTelemetry exports environment only when --env is given")
  String env;

  /**
   * @param logs {@code --logs}, which each command declares itself: record's also sends OTLP log
   *     records, and its help says so
   */
  PerfettoOptions toOptions(boolean logs, RedactionFlags redactionFlags) {
    Redaction.Env mode;
    try {
      mode = env == null ? Redaction.Env.REDACTED : Redaction.Env.parse(env);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return PerfettoOptions.DEFAULTS.withLogs(logs).withSyscalls(!noSyscalls)
        .withRedaction(redactionFlags.apply(Redaction.DEFAULT.withEnv(mode)));
  }
}
