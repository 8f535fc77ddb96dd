package dev.systrument.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file written under a temporary name beside the target and renamed over it only on
 * {@link #commit()}: an interrupted or failed conversion never leaves a partial file under the
 * final name. {@link #close()} without commit deletes the temporary file.
 *
 * <p>A target that exists and is not a regular file ({@code /dev/null}, {@code /dev/stdout}, a
 * FIFO) is written directly: renaming a temporary file over it would replace the device (as root,
 * {@code -o /dev/null} turned /dev/null into a regular file).
 */
final class AtomicOutput implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private boolean committed;

  AtomicOutput(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    if (Files.isDirectory(this.target)) {
      throw new UsageException("output " + target + " is a directory");
    }
    if (Files.exists(this.target) && !Files.isRegularFile(this.target)) {
      this.temp = null;
      this.out = new BufferedOutputStream(Files.newOutputStream(this.target, StandardOpenOption.WRITE), 1 << 16);
      return;
    }
    if (dir != null && !Files.isWritable(dir)) {
      throw new UsageException("cannot write " + target + ": directory " + dir + " is not writable");
    }
    // Not Files.createTempFile: that creates mode 0600, and the result should get the usual
    // permissions (umask), like any file the user writes. CREATE_NEW: never clobber a stranger.
    this.temp = dir.resolve("." + this.target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Long.toHexString(System.nanoTime()) + ".tmp");
    this.out = new BufferedOutputStream(
        Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
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

  void commit() throws IOException {
    out.close();
    committed = true;
    if (temp == null) {
      return; // written in place
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
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
