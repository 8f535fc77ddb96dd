package dev.systrument.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One in-process run of the CLI, as a user would type it: captured stdout/stderr and the exit code
 * {@link Cli#run} returned (it never calls System.exit).
 */
record CliRun(int exitCode, String out, String err) {

  /**
   * The environment tests run with: no progress bar (stderr is a pipe in CI but may be a terminal
   * when run by hand) and no line-width limit, so output does not depend on who runs the tests.
   */
  static Map<String, String> quietEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("SYSTRUMENT_PROGRESS", "never");
    env.put("COLUMNS", "0");
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  static CliRun run(Path workingDirectory, String... args) {
    return run(workingDirectory, quietEnvironment(), new ByteArrayInputStream(new byte[0]), args);
  }

  static CliRun run(Path workingDirectory, Map<String, String> env, InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(new CliContext(stdin, o, e, Map.copyOf(env), workingDirectory)).run(args);
    }
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stderr:\n" + err + "\n--- stdout (first 2000 chars):\n"
        + out.substring(0, Math.min(2000, out.length()));
  }
}
