package dev.systrument.model.process;

/**
 * The few syscalls that change the process model. Classified by name only, so that the hot path
 * never decodes the arguments of any other call.
 */
enum SyscallKind {
  /** {@code fork}, {@code vfork}, {@code clone}, {@code clone3}: a successful result is the child's tid. */
  SPAWN,
  /** {@code execve}, {@code execveat}. */
  EXEC,
  /** {@code exit(N)}: ends the calling thread. */
  EXIT,
  /** {@code exit_group(N)}: ends every task of the caller's thread group. */
  EXIT_GROUP,
  OTHER;

  static SyscallKind of(String name) {
    switch (name) {
      case "clone":
      case "clone3":
      case "fork":
      case "vfork":
        return SPAWN;
      case "execve":
      case "execveat":
        return EXEC;
      case "exit":
        return EXIT;
      case "exit_group":
        return EXIT_GROUP;
      default:
        return OTHER;
    }
  }

  boolean isExit() {
    return this == EXIT || this == EXIT_GROUP;
  }
}
