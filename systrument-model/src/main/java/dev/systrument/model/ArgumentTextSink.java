package dev.systrument.model;

/**
 * Receives a syscall's top-level arguments as text, one call per argument, from {@link
 * Arguments#renderTo}: what an exporter shows per argument, without a {@link
 * dev.systrument.model.value.Value} tree in between.
 *
 * <p>For {@code openat(AT_FDCWD</tmp>, "/etc/x\n", O_RDONLY)} the calls carry {@code (0, null,
 * "AT_FDCWD", annotation "/tmp")}, {@code (1, null, "/etc/x⏎", no annotation)}, {@code (2, null,
 * "O_RDONLY", no annotation)}; for {@code clone(child_stack=NULL, ...)} the first is {@code (0,
 * "child_stack", "NULL", no annotation)}.
 */
@FunctionalInterface
public interface ArgumentTextSink {
  /**
   * One top-level argument.
   *
   * @param name the argument's own name ({@code flags} in {@code flags=CLONE_VM}), or null
   * @param bytes holds, in {@code [start, end)}, the UTF-8 bytes of the value's {@link
   *     dev.systrument.model.value.Value#toText()} (without {@code name=}, and without the
   *     annotation when there is one); valid only during the call
   * @param annotationStart where, in {@code bytes}, the {@code -y}/{@code -Y} annotation of a value
   *     printed as {@code 3</etc/x>} or {@code 18276<bash>} starts ({@code /etc/x}, {@code bash},
   *     between the brackets), or -1 when the value has none; it ends at {@code annotationEnd}
   */
  void argument(int index, String name, byte[] bytes, int start, int end, int annotationStart, int annotationEnd);
}
