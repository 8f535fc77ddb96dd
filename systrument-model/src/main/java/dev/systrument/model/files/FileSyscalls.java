package dev.systrument.model.files;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value;
import java.util.List;

/**
 * Maps the path syscalls to {@link Access}es and keeps the working directory and descriptor
 * table of each task up to date. Only the calls named here are decoded (by name first, so the
 * arguments of {@code read}/{@code mmap}/... are never decoded). The table is docs/files.md's.
 *
 * <pre>
 * openat(AT_FDCWD&lt;/tmp/w&gt;, "out/a.o", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3&lt;/tmp/w/out/a.o&gt;
 * newfstatat(AT_FDCWD, "Makefile", {st_mode=S_IFREG|0644, ...}, 0) = 0
 * unlinkat(4&lt;/tmp/w/out&gt;, "a.tmp", 0) = -1 ENOENT (No such file or directory)
 * </pre>
 */
final class FileSyscalls {
  private final FileAccessCollector collector;

  FileSyscalls(FileAccessCollector collector) {
    this.collector = collector;
  }

  void apply(Task task, SyscallEvent call) {
    if (!call.result().known()) {
      return; // never returned (unfinished, detached) or "= ?": nothing happened that we know of
    }
    switch (call.name()) {
      case "open" -> open(task, call, -1, 0, 1);
      case "openat" -> open(task, call, 0, 1, 2);
      case "openat2" -> open(task, call, 0, 1, 2);
      case "creat" -> path(task, call, -1, 0, Access.CREATED, Access.WRITTEN);
      case "execve" -> path(task, call, -1, 0, Access.EXECUTED, null);
      case "execveat" -> path(task, call, 0, 1, Access.EXECUTED, null);
      case "stat", "lstat", "stat64", "lstat64", "access", "readlink", "statfs", "statfs64", "getxattr", "lgetxattr",
          "listxattr", "llistxattr" -> path(task, call, -1, 0, Access.STATED, null);
      case "newfstatat", "fstatat64", "statx", "faccessat", "faccessat2", "readlinkat" -> path(task, call, 0, 1, Access.STATED, null);
      case "truncate", "truncate64" -> path(task, call, -1, 0, Access.WRITTEN, null);
      case "mkdir", "mknod" -> path(task, call, -1, 0, Access.CREATED, null);
      case "mkdirat", "mknodat" -> path(task, call, 0, 1, Access.CREATED, null);
      case "unlink", "rmdir" -> path(task, call, -1, 0, Access.DELETED, null);
      case "unlinkat" -> path(task, call, 0, 1, Access.DELETED, null);
      case "rename" -> rename(task, call, -1, 0, -1, 1);
      case "renameat", "renameat2" -> rename(task, call, 0, 1, 2, 3);
      case "link" -> path(task, call, -1, 1, Access.CREATED, null);
      case "linkat" -> path(task, call, 2, 3, Access.CREATED, null);
      case "symlink" -> path(task, call, -1, 1, Access.CREATED, null);
      case "symlinkat" -> path(task, call, 1, 2, Access.CREATED, null);
      case "chdir" -> chdir(task, call);
      case "fchdir" -> fchdir(task, call);
      case "getcwd" -> getcwd(task, call);
      case "dup", "dup2", "dup3" -> dup(task, call);
      case "fcntl", "fcntl64" -> fcntl(task, call);
      case "close" -> close(task, call);
      default -> {
        // not a path call
      }
    }
  }

  private void open(Task task, SyscallEvent call, int dirArg, int pathArg, int flagsArg) {
    List<Value> args = call.arguments().values();
    Location location = succeeded(task, call, args, dirArg, pathArg);
    if (location == null) {
      return;
    }
    String opened = annotatedPath(call.result().annotation());
    if (!location.isAbsolute() && location.absolutePath() == null && opened != null) {
      location = Location.absolute(opened); // -y knows where a path relative to an unknown directory went
    }
    OpenFlags flags = OpenFlags.of(arg(args, flagsArg));
    long ts = call.timestampNs();
    // O_CREAT also opens a file that exists, and strace does not say which happened: it counts as
    // created when O_EXCL says so, or when the trace has not seen the path exist (docs/files.md).
    boolean created = flags.creates() && (flags.exclusive() || !collector.knownToExist(location)) && !isDevice(location, opened);
    if (flags.reads()) {
      collector.record(task, location, Access.READ, ts);
    }
    if (flags.writes()) {
      collector.record(task, location, Access.WRITTEN, ts);
    }
    if (created) {
      collector.record(task, location, Access.CREATED, ts);
    }
    collector.files(task).fds.put((int) call.result().value(), opened != null ? Location.absolute(opened) : location);
  }

  /** A call on one path: {@code success} (and {@code also}, unless null) when it worked, missing when ENOENT. */
  private void path(Task task, SyscallEvent call, int dirArg, int pathArg, Access success, Access also) {
    List<Value> args = call.arguments().values();
    Value path = arg(args, pathArg);
    if (path instanceof Value.Str s && s.length() == 0) {
      return; // newfstatat(3</x>, "", ..., AT_EMPTY_PATH): an fstat, no lookup
    }
    Location location = succeeded(task, call, args, dirArg, pathArg);
    if (location == null) {
      return;
    }
    if (success != null) {
      collector.record(task, location, success, call.timestampNs());
    }
    if (also != null) {
      collector.record(task, location, also, call.timestampNs());
    }
  }

  private void rename(Task task, SyscallEvent call, int oldDir, int oldPath, int newDir, int newPath) {
    List<Value> args = call.arguments().values();
    Location from = location(task, args, oldDir, oldPath);
    Location to = location(task, args, newDir, newPath);
    if (from == null || to == null) {
      return;
    }
    if (call.failed()) {
      missingIf(task, call, from);
      return;
    }
    collector.record(task, from, Access.RENAMED_FROM, call.timestampNs());
    collector.record(task, to, Access.RENAMED_TO, call.timestampNs());
  }

  private void chdir(Task task, SyscallEvent call) {
    Location location = succeeded(task, call, call.arguments().values(), -1, 0);
    if (location != null) {
      collector.files(task).cwd.location = location;
    }
  }

  private void fchdir(Task task, SyscallEvent call) {
    if (call.failed()) {
      return;
    }
    Location dir = directory(task, arg(call.arguments().values(), 0));
    if (dir != null) {
      collector.files(task).cwd.location = dir;
    }
  }

  /** {@code getcwd("/tmp/w", 4096) = 7}: the working directory, said outright. */
  private void getcwd(Task task, SyscallEvent call) {
    if (!call.failed() && arg(call.arguments().values(), 0) instanceof Value.Str s && !s.truncated() && s.text().startsWith("/")) {
      learnDirectory(collector.files(task), s.text());
    }
  }

  private void dup(Task task, SyscallEvent call) {
    if (call.failed()) {
      return;
    }
    TaskFiles files = collector.files(task);
    Location old = files.fds.get(fdNumber(arg(call.arguments().values(), 0)));
    int copy = (int) call.result().value();
    if (old != null) {
      files.fds.put(copy, old);
    } else {
      files.fds.remove(copy); // dup2 onto an fd closes what was there
    }
  }

  private void fcntl(Task task, SyscallEvent call) {
    List<Value> args = call.arguments().values();
    if (!call.failed() && unwrap(arg(args, 1)) instanceof Value.Sym cmd && cmd.name().startsWith("F_DUPFD")) {
      dup(task, call);
    }
  }

  private void close(Task task, SyscallEvent call) {
    collector.files(task).fds.remove(fdNumber(arg(call.arguments().values(), 0)));
  }

  /**
   * {@code >/dev/null} opens with {@code O_CREAT}; a device is never made that way. Known from a
   * {@code -yy} annotation ({@code 3</dev/null<char 1:3>>}), else from the path.
   */
  private static boolean isDevice(Location location, String opened) {
    String path = opened != null ? opened : location.absolutePath();
    return path != null && (path.startsWith("/dev/") || path.startsWith("/proc/"));
  }

  /**
   * The location a path call worked on; null when it names none, or when it failed (then a miss
   * is recorded if the path was not there).
   */
  private Location succeeded(Task task, SyscallEvent call, List<Value> args, int dirArg, int pathArg) {
    Location location = location(task, args, dirArg, pathArg);
    if (location != null && call.failed()) {
      missingIf(task, call, location);
      return null;
    }
    return location;
  }

  private void missingIf(Task task, SyscallEvent call, Location location) {
    String errno = call.result().errno();
    if (errno.equals("ENOENT") || errno.equals("ENOTDIR")) {
      collector.record(task, location, Access.MISSING, call.timestampNs());
    }
  }

  /**
   * The location named by a path argument and the directory argument it is relative to ({@code
   * dirArg} -1: the working directory); null when there is no path string or the directory
   * descriptor's path is unknown (counted).
   */
  private Location location(Task task, List<Value> args, int dirArg, int pathArg) {
    if (!(unwrap(arg(args, pathArg)) instanceof Value.Str s)) {
      return null;
    }
    String name = s.text();
    if (name.startsWith("/")) {
      return Location.absolute(name);
    }
    Location dir = dirArg < 0 ? collector.files(task).cwd.location : directory(task, arg(args, dirArg));
    if (dir == null) {
      collector.unresolved();
      return null;
    }
    return dir.resolve(name);
  }

  /**
   * A directory argument: {@code AT_FDCWD}, {@code AT_FDCWD</tmp/w>}, {@code 3}, {@code 3</tmp/w/out>}.
   * An annotated {@code AT_FDCWD} also tells the working directory.
   */
  private Location directory(Task task, Value value) {
    String annotated = value instanceof Value.Annotated a ? annotatedPath(a.annotation()) : null;
    Value plain = unwrap(value);
    TaskFiles files = collector.files(task);
    if (plain instanceof Value.Sym sym && sym.name().equals("AT_FDCWD")) {
      if (annotated != null) {
        learnDirectory(files, annotated);
      }
      return files.cwd.location;
    }
    if (annotated != null) {
      return Location.absolute(annotated);
    }
    if (plain instanceof Value.Num n) {
      return n.value() == -100 ? files.cwd.location : files.fds.get((int) n.value()); // AT_FDCWD printed raw
    }
    return null;
  }

  /**
   * The working directory is {@code absolute}: if it was relative to a directory not known yet,
   * that directory is now known too, which resolves every path recorded against it.
   */
  private static void learnDirectory(TaskFiles files, String absolute) {
    Location cwd = files.cwd.location;
    Anchor anchor = cwd.anchor();
    if (anchor != null && !anchor.isKnown()) {
      String normalized = Location.normalize(absolute);
      if (cwd.path().isEmpty()) {
        anchor.reveal(normalized);
      } else if (!cwd.path().startsWith("..") && normalized.endsWith("/" + cwd.path())) {
        String base = normalized.substring(0, normalized.length() - cwd.path().length() - 1);
        anchor.reveal(base.isEmpty() ? "/" : base);
      }
    }
    files.cwd.location = Location.absolute(absolute);
  }

  /**
   * The path in a {@code -y}/{@code -yy} annotation, or null when it is not one ({@code
   * pipe:[123]}, {@code UNIX-STREAM:[...]}): {@code /dev/null<char 1:3>} is {@code /dev/null},
   * {@code /tmp/x (deleted)} is {@code /tmp/x}.
   */
  static String annotatedPath(String annotation) {
    if (annotation == null || !annotation.startsWith("/")) {
      return null;
    }
    String path = annotation;
    if (path.endsWith(">")) {
      int open = path.indexOf('<');
      if (open > 0) {
        path = path.substring(0, open);
      }
    }
    if (path.endsWith(" (deleted)")) {
      path = path.substring(0, path.length() - " (deleted)".length());
    }
    return path;
  }

  private static int fdNumber(Value value) {
    return unwrap(value) instanceof Value.Num n ? (int) n.value() : -1;
  }

  private static Value arg(List<Value> args, int index) {
    return index >= 0 && index < args.size() ? args.get(index) : null;
  }

  static Value unwrap(Value value) {
    while (true) {
      if (value instanceof Value.Annotated a) {
        value = a.value();
      } else if (value instanceof Value.Commented c) {
        value = c.value();
      } else if (value instanceof Value.Named n) {
        value = n.value();
      } else {
        return value;
      }
    }
  }
}
