package dev.systrument.model;

/**
 * What strace printed after {@code =}: {@code 0}, {@code 0x55df563c3000}, {@code -1 ENOENT (No such
 * file or directory)}, {@code ? ERESTARTSYS (To be restarted if SA_RESTART is set)}, {@code ?},
 * {@code 3</etc/ld.so.cache>}, {@code 18276<bash>}, {@code 0x1 (flags FD_CLOEXEC)}.
 *
 * @param text the whole result text as printed (without the {@code <duration>})
 * @param value the numeric value; meaningful only when {@link #known()}
 * @param known false for {@code ?} and for calls that never returned
 * @param errno errno name ({@code ENOENT}), or ""
 * @param errnoMessage strace's description ({@code No such file or directory}), or ""
 * @param annotation what {@code -y}/{@code -Y} added in angle brackets (a path, {@code bash}), or ""
 */
public record SyscallResult(
    String text, long value, boolean known, String errno, String errnoMessage, String annotation) {

  /** A call that never returned (unfinished, detached). */
  public static final SyscallResult NONE = new SyscallResult("", 0, false, "", "", "");

  /** {@code = ?}: returned, value unknown (exit_group, a successful execve seen from another task). */
  public static final SyscallResult UNKNOWN = new SyscallResult("?", 0, false, "", "", "");

  public static SyscallResult of(long value) {
    return new SyscallResult(Long.toString(value), value, true, "", "", "");
  }

  public static SyscallResult error(String errno, String message) {
    return new SyscallResult("-1 " + errno + " (" + message + ")", -1, true, errno, message, "");
  }
}
