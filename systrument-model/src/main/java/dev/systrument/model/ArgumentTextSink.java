package dev.systrument.model;

/**
 * Receives a syscall's top-level arguments as text, one call per argument, from {@link
 * Arguments#renderTo}: what an exporter shows per argument, without a {@link
 * dev.systrument.model.value.Value} tree in between.
 *
 * <p>For {@code openat(AT_FDCWD</tmp>, "/etc/x\n", O_RDONLY)} the calls are {@code (0, null,
 * "AT_FDCWD", "/tmp")}, {@code (1, null, "/etc/x⏎", null)}, {@code (2, null, "O_RDONLY", null)};
 * for {@code clone(child_stack=NULL, ...)} the first is {@code (0, "child_stack", "NULL", null)}.
 */
@FunctionalInterface
public interface ArgumentTextSink {
  /**
   * One top-level argument.
   *
   * @param name the argument's own name ({@code flags} in {@code flags=CLONE_VM}), or null
   * @param text holds, in {@code [start, end)}, the UTF-8 bytes of the value's {@link
   *     dev.systrument.model.value.Value#toText()} (without {@code name=}, and without the
   *     annotation when {@code annotation} is not null); valid only during the call
   * @param annotation the {@code -y}/{@code -Y} annotation of a value printed as {@code 3</etc/x>}
   *     or {@code 18276<bash>} ({@code /etc/x}, {@code bash}), or null
   */
  void argument(int index, String name, byte[] text, int start, int end, String annotation);
}
