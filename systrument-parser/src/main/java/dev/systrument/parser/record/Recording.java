package dev.systrument.parser.record;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running strace. Read {@link #output()} to the end (strace closes the FIFO when the traced
 * command and all its children are gone), then {@link #waitFor()} for the exit code. {@link
 * #close()} stops strace if it still runs, removes the FIFO and finishes the raw copy.
 */
public final class Recording implements AutoCloseable {
  private final Process strace;
  private final List<String> straceCommand;
  private final StraceFlags flags;
  private final Path directory;
  private final Path fifo;
  private final OutputStream rawCopy;
  private InputStream output;
  private Thread shutdownHook;

  private Recording(
      Process strace, List<String> straceCommand, StraceFlags flags, Path directory, Path fifo, OutputStream rawCopy) {
    this.strace = strace;
    this.straceCommand = List.copyOf(straceCommand);
    this.flags = flags;
    this.directory = directory;
    this.fifo = fifo;
    this.rawCopy = rawCopy;
  }

  static Recording start(
      ProcessBuilder builder, List<String> straceCommand, StraceFlags flags, Path directory, Path fifo, OutputStream rawCopy)
      throws IOException {
    Process process = builder.start();
    Recording recording = new Recording(process, straceCommand, flags, directory, fifo, rawCopy);
    recording.addShutdownHook();
    recording.openOutput();
    return recording;
  }

  /**
   * Opening a FIFO for reading blocks until a writer opens it. If strace dies before it opens its
   * output (a bad flag, a vanished command), nobody ever will: a watchdog then opens the FIFO for
   * writing itself, so our open returns and reading sees end of file at once.
   */
  private void openOutput() throws IOException {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                strace.waitFor();
                try (OutputStream unblock = new FileOutputStream(fifo.toFile())) {
                  // opening is enough; closing gives the reader EOF
                }
              } catch (InterruptedException | IOException e) {
                // the reader got its writer (strace) first, or the FIFO is gone: nothing to unblock
              }
            },
            "systrument-fifo-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    InputStream in = new FileInputStream(fifo.toFile());
    if (rawCopy != null) {
      in = new TeeInputStream(in, rawCopy);
    }
    this.output = in;
  }

  /** strace's output as it is written. Read it to the end. */
  public InputStream output() {
    return output;
  }

  /** The flags chosen for the installed strace. */
  public StraceFlags flags() {
    return flags;
  }

  /** The full strace command line that runs. */
  public List<String> straceCommand() {
    return straceCommand;
  }

  /**
   * Waits for strace to end. Returns the traced command's exit code, or 128 + the signal number
   * when it was killed (strace re-raises the command's fatal signal on itself, so the JVM sees
   * the same status a shell would).
   */
  public int waitFor() throws InterruptedException {
    return strace.waitFor();
  }

  /**
   * Sends a signal (by name: {@code TERM}, {@code INT}) to the traced command, not to strace: the
   * command decides how to end, strace records it and ends when the command is gone.
   */
  public void signalCommand(String signal) {
    strace
        .toHandle()
        .children()
        .forEach(
            child -> {
              try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start().waitFor();
              } catch (IOException e) {
                child.destroy();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  @Override
  public void close() throws IOException {
    try {
      endTracedTree();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      removeShutdownHook();
      try {
        if (output != null) {
          output.close();
        }
      } finally {
        StraceRecorder.deleteQuietly(fifo, directory);
      }
    }
  }

  /**
   * Closing a running recording abandons it. Killing strace is neither enough nor possible:
   * strace blocks fatal signals while it runs a command (-I 3, its default with -o), and a traced
   * task left in a ptrace stop (the command right after fork, before its execve) stays stopped
   * forever once its tracer is gone, holding our stdout. So SIGKILL (which works on stopped tasks)
   * the traced tree, again until strace, left with no tracee, exits; a task strace forks meanwhile
   * is caught by the next round. SIGKILL for strace itself only as a last resort.
   */
  private void endTracedTree() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (strace.isAlive() && System.nanoTime() < deadline) {
      strace.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      strace.waitFor(20, TimeUnit.MILLISECONDS);
    }
    if (strace.isAlive()) {
      strace.destroyForcibly();
    }
  }

  /**
   * If the JVM goes down while the recording runs (a signal before the caller's handlers were in
   * place, System.exit elsewhere), the traced tree is ended too rather than left stopped.
   */
  private void addShutdownHook() {
    shutdownHook = new Thread(() -> {
      try {
        endTracedTree();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      StraceRecorder.deleteQuietly(fifo, directory);
    }, "systrument-recording-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running or has run
    }
  }

  /** Copies every byte read to a second stream: the raw {@code -o} file, byte for byte. */
  private static final class TeeInputStream extends FilterInputStream {
    private final OutputStream copy;

    TeeInputStream(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        copy.write(buffer, offset, n);
      }
      return n;
    }

    /** Flushes the copy but leaves it open: its owner decides what becomes of it. */
    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        copy.flush();
      }
    }
  }
}
