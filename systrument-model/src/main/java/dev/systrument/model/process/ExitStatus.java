package dev.systrument.model.process;

/** How a task or process ended. */
public sealed interface ExitStatus {

  /** {@code +++ exited with N +++} (or {@code exit_group(N) = ?} with {@code --quiet=exit}). */
  record Exited(int code) implements ExitStatus {}

  /** {@code +++ killed by SIGSEGV (core dumped) +++}. */
  record Killed(String signal, boolean coreDumped) implements ExitStatus {}

  /** The log ended (or strace detached) before the task did. */
  record Unknown() implements ExitStatus {}

  ExitStatus UNKNOWN = new Unknown();

  /** {@code exit 3}, {@code SIGTERM}, {@code SIGSEGV (core dumped)}, {@code ?}. */
  default String describe() {
    if (this instanceof Exited e) {
      return "exit " + e.code();
    }
    if (this instanceof Killed k) {
      return k.coreDumped() ? k.signal() + " (core dumped)" : k.signal();
    }
    return "?";
  }

  /** True for exit code 0. */
  default boolean isSuccess() {
    return this instanceof Exited e && e.code() == 0;
  }
}
