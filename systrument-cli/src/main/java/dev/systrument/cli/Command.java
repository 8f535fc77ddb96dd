package dev.systrument.cli;

import java.util.List;

/**
 * One subcommand. Implementations are JCommander parameter objects; {@link Cli} dispatches, and
 * answers {@code -h}/{@code --help} and unknown options for every command alike (see {@link
 * SubcommandArguments}): a command declares its options and nothing else about the command line.
 */
interface Command {
  /** Runs the command; returns the exit code. Throws {@link UsageException} for bad requests. */
  int run(CliContext context) throws Exception;

  /**
   * A command that runs another command, like env, nice and strace: its options end at the first
   * argument that is not an option (or at {@code --}), so {@code record make -j8} runs
   * {@code make -j8}.
   */
  interface Wrapping extends Command {
    /** The command line to run, verbatim: the first operand and every argument after it. */
    void wrap(List<String> commandLine);
  }
}
