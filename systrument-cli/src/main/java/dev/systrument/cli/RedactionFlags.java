package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import dev.systrument.model.Redaction;

/**
 * {@code --no-redact}, for every command that shows argv or environments (strace2perfetto,
 * strace2otel, record, tree) or quotes log lines in problem reports (all of them, check included).
 * One delegate per command: record uses the Perfetto and the OpenTelemetry flags together.
 */
final class RedactionFlags {
  @Parameter(
      names = "--no-redact",
      description = "Show argv, URLs and environment values as recorded: no secret is hidden (see docs/redaction.md)")
  boolean noRedact;

  /** {@code redaction} (whose {@link Redaction#env()} comes from {@code --env}) with this switch applied. */
  Redaction apply(Redaction redaction) {
    return redaction.withEnabled(!noRedact);
  }

  /** The policy of commands without {@code --env}: tree, check, the problems every command prints. */
  Redaction redaction() {
    return apply(Redaction.DEFAULT);
  }
}
