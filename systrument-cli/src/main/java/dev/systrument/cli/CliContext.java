package dev.systrument.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world, injected so tests run commands in-process
 * without {@code System.exit} or the real environment.
 *
 * @param terminal which of stdin, stdout, stderr are terminals; tests inject one to play a user at
 *     a terminal
 */
record CliContext(InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory,
    Terminal terminal) {

  /**
   * With the process's terminal: its stdin counts as a terminal only when {@code stdin} is the
   * process's own (a test's byte array never is).
   */
  CliContext(InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory) {
    this(stdin, out, err, env, workingDirectory,
        new Terminal(env, fd -> (fd != 0 || stdin == System.in) && Terminal.isTerminal(fd)));
  }

  /** Resolves a user-given path against the working directory. */
  Path resolve(String path) {
    return workingDirectory.resolve(path);
  }
}
