package dev.systrument.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file written under a temporary name and moved to its name only on {@link #commit()}:
 * an interrupted or failed conversion never leaves a partial file under the final name. {@link
 * #close()} without commit deletes the temporary file.
 *
 * <p>The temporary file is staged beside the target (the conversions: the move is then a rename),
 * or in a directory of the caller's ({@code record}: the traced command must not see it, let alone
 * {@code git clean} it, while it runs). A staged file on another file system than the target is
 * copied beside the target, synced, and renamed into place.
 *
 * <p>A target that exists and is not a regular file ({@code /dev/null}, {@code /dev/stdout}, a
 * FIFO) is written directly: renaming a temporary file over it would replace the device (as root,
 * {@code -o /dev/null} turned /dev/null into a regular file).
 */
final class AtomicOutput implements AutoCloseable {
  private final Path target;
  private Path temp;
  private final boolean keepExisting;
  private final OutputStream out;
  private boolean committed;

  /** Staged beside {@code target}, replacing it on commit (what {@code -o FILE} means). */
  AtomicOutput(Path target) throws IOException {
    this(target, null, false);
  }

  /**
   * @param stagingDirectory where the temporary file is written, or null: beside the target
   * @param keepExisting when the target exists at commit, write {@code NAME-2.EXT} (or -3, ...)
   *     instead of replacing it: for names chosen by systrument, not the user
   */
  AtomicOutput(Path target, Path stagingDirectory, boolean keepExisting) throws IOException {
    this.target = target.toAbsolutePath();
    this.keepExisting = keepExisting;
    Path dir = this.target.getParent();
    if (Files.isDirectory(this.target)) {
      throw new UsageException("output " + target + " is a directory");
    }
    if (Files.exists(this.target) && !Files.isRegularFile(this.target)) {
      this.temp = null;
      this.out = new BufferedOutputStream(Files.newOutputStream(this.target, StandardOpenOption.WRITE), 1 << 16);
      return;
    }
    if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException("cannot write " + target + ": " + dir + " is not a directory");
    }
    if (dir != null && !Files.isWritable(dir)) {
      throw new UsageException("cannot write " + target + ": directory " + dir + " is not writable");
    }
    // Not Files.createTempFile: that creates mode 0600, and the result should get the usual
    // permissions (umask), like any file the user writes. CREATE_NEW: never clobber a stranger.
    // In a private staging directory the file keeps its name, which the user then finds there if
    // it could not be placed.
    Path named = stagingDirectory != null ? stagingDirectory.resolve(this.target.getFileName()) : null;
    this.temp = named != null && !Files.exists(named) ? named : temporaryName(stagingDirectory != null ? stagingDirectory : dir, this.target);
    try {
      this.out = new BufferedOutputStream(
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
    } catch (FileSystemException e) {
      // the user typed the target, not our temporary name: say it in those terms
      throw new UsageException("cannot write " + target + ": " + reason(e)
          + (stagingDirectory != null ? " (staging in " + stagingDirectory + ")" : ""));
    }
  }

  /** {@code Not a directory}, {@code Read-only file system}: what failed, without the temporary name. */
  private static String reason(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
  }

  private static Path temporaryName(Path dir, Path target) {
    return dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Long.toHexString(System.nanoTime()) + ".tmp");
  }

  /** The file it writes, as an absolute path. */
  Path target() {
    return target;
  }

  /**
   * Refuses to write over the input: {@code strace2perfetto build.strace -o build.strace} would
   * replace the log by a trace of itself. {@code input} is {@code -} for stdin.
   */
  static void checkNotTheInput(CliContext context, String input, String output) throws IOException {
    Path in = context.resolve(input);
    Path target = context.resolve(output);
    if (!input.equals("-") && Files.exists(in) && Files.exists(target) && Files.isSameFile(in, target)) {
      throw new UsageException("output " + output + " is the input file; choose another name");
    }
  }

  OutputStream stream() {
    return out;
  }

  /** Where the output is until it is placed: to name it when placing it failed. */
  Path staged() {
    return temp != null ? temp : target;
  }

  /**
   * Moves the output to its name. On failure the file is kept where {@link #staged()} says, and
   * the exception's message is {@code cannot write TARGET: REASON}.
   *
   * @return where it was written: the target, or with {@code keepExisting} a free name beside it
   */
  Path commit() throws IOException {
    committed = true;
    try {
      out.close();
      if (temp == null) {
        return target; // written in place
      }
      if (!temp.getParent().equals(target.getParent())) {
        temp = besideTarget(temp);
      }
      if (keepExisting) {
        return placeUnderAFreeName(temp);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + (e instanceof FileSystemException f ? reason(f) : e.getMessage()), e);
    }
  }

  /**
   * The staged file as a file beside the target: renamed there when both are on one file system,
   * else copied and synced (so the rename that follows never publishes a file whose bytes are not
   * on disk yet).
   */
  private Path besideTarget(Path staged) throws IOException {
    Path local = temporaryName(target.getParent(), target);
    try {
      Files.move(staged, local, StandardCopyOption.ATOMIC_MOVE);
      return local;
    } catch (AtomicMoveNotSupportedException e) {
      // another file system
    }
    try {
      Files.copy(staged, local, StandardCopyOption.COPY_ATTRIBUTES);
      try (FileChannel channel = FileChannel.open(local, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    } catch (IOException e) {
      Files.deleteIfExists(local);
      throw e;
    }
    Files.delete(staged);
    return local;
  }

  /**
   * A hard link is the one way to give a file a name only if that name is free (link(2) fails
   * with EEXIST where rename(2) replaces): two runs that end at once each get a name of their own.
   */
  private Path placeUnderAFreeName(Path local) throws IOException {
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    for (int n = 1; ; n++) {
      Path candidate = target.resolveSibling(n == 1 ? name : stem + "-" + n + extension);
      try {
        try {
          Files.createLink(candidate, local);
          Files.delete(local);
        } catch (UnsupportedOperationException | FileSystemException e) {
          if (e instanceof FileAlreadyExistsException) {
            throw e;
          }
          Files.move(local, candidate); // no hard links here: fails too if the name is taken
        }
        return candidate;
      } catch (FileAlreadyExistsException e) {
        // taken: try the next suffix
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        out.close();
      } finally {
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }
}
