package dev.systrument.cli;

/** One subcommand. Implementations are JCommander parameter objects; {@link Cli} dispatches. */
interface Command {
  /** Runs the command; returns the exit code. Throws {@link UsageException} for bad requests. */
  int run(CliContext context) throws Exception;
}
