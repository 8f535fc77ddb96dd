package dev.systrument.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world, injected so tests run commands in-process
 * without {@code System.exit} or the real environment.
 */
record CliContext(InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory) {

  Terminal terminal() {
    return new Terminal(env);
  }

  /** Resolves a user-given path against the working directory. */
  Path resolve(String path) {
    return workingDirectory.resolve(path);
  }
}
