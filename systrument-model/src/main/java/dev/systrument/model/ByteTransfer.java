package dev.systrument.model;

/**
 * Which way a syscall moves bytes between a process and a file, pipe or socket, and how many it
 * moved: the result of a successful {@code read(3, "...", 4096) = 812} is the count. Classified by
 * name only, so that the hot path never decodes arguments. What the Perfetto writer's per-process
 * "bytes read" and "bytes written" counters sum (docs/perfetto.md).
 *
 * <p>Not counted: {@code mmap} reads and writes (no syscall per access), {@code recvmmsg} and
 * {@code sendmmsg} (their result counts messages, not bytes), {@code splice}/{@code tee} (they
 * move bytes between two descriptors inside the kernel, the process never holds them).
 */
public enum ByteTransfer {
  /** {@code read}, {@code pread64}, {@code readv}, {@code preadv}, {@code preadv2}, {@code recv}, {@code recvfrom}, {@code recvmsg}. */
  READ,
  /** {@code write}, {@code pwrite64}, {@code writev}, {@code pwritev}, {@code pwritev2}, {@code send}, {@code sendto}, {@code sendmsg}. */
  WRITE,
  /**
   * {@code sendfile}, {@code sendfile64}, {@code copy_file_range}: the count was read from one
   * descriptor and written to another on the process's behalf, so it is both read and written
   * ({@code cp} copies with copy_file_range).
   */
  COPY,
  NONE;

  public static ByteTransfer of(String syscall) {
    switch (syscall) {
      case "read":
      case "pread64":
      case "readv":
      case "preadv":
      case "preadv2":
      case "recv":
      case "recvfrom":
      case "recvmsg":
        return READ;
      case "write":
      case "pwrite64":
      case "writev":
      case "pwritev":
      case "pwritev2":
      case "send":
      case "sendto":
      case "sendmsg":
        return WRITE;
      case "sendfile":
      case "sendfile64":
      case "copy_file_range":
        return COPY;
      default:
        return NONE;
    }
  }

  /** Whether the bytes of this transfer count as read by the process. */
  public boolean reads() {
    return this == READ || this == COPY;
  }

  /** Whether they count as written. */
  public boolean writes() {
    return this == WRITE || this == COPY;
  }

  /** The bytes {@code call} moved: its result when it succeeded with a count, else 0. */
  public static long bytes(SyscallEvent call) {
    SyscallResult r = call.result();
    return r.known() && r.errno().isEmpty() && r.value() > 0 ? r.value() : 0;
  }
}
