package dev.systrument.parser.record;

import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import java.io.File;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a command under strace with its output streamed through a FIFO, so it can be parsed while
 * the command runs and no full temporary copy is written.
 *
 * <p>In one call, for a test: {@code TraceReport run = StraceRecorder.builder().build().run(List.of("make"))}
 * (see {@link TraceReport}). Streaming the events yourself:
 *
 * <pre>{@code
 * StraceRecorder recorder = StraceRecorder.builder().build();
 * try (Recording recording = recorder.start(List.of("make", "-j8"))) {
 *   try (StraceReader reader = StraceReader.open(recording.output(), "make", ReaderOptions.defaults())) {
 *     ... read events while make runs ...
 *   }
 *   int exitCode = recording.waitFor();
 * }
 * }</pre>
 */
public final class StraceRecorder {
  private final String strace;
  private final boolean traceAll;
  private final OutputStream rawOutput;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final List<String> extraStraceArguments;

  private StraceRecorder(Builder b) {
    this.strace = b.strace;
    this.traceAll = b.traceAll;
    this.rawOutput = b.rawOutput;
    this.workingDirectory = b.workingDirectory;
    this.environment = b.environment == null ? null : Map.copyOf(b.environment);
    this.extraStraceArguments = List.copyOf(b.extraStraceArguments);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Probes strace, checks the command exists, creates the FIFO and starts strace. The command's
   * stdin, stdout and stderr are this JVM's (the user's terminal).
   */
  public Recording start(List<String> command) throws RecordingException {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command to record");
    }
    Map<String, String> env = environment != null ? environment : System.getenv();
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    String straceExecutable = findExecutable(strace, path, workingDirectory);
    if (straceExecutable == null) {
      throw new RecordingException(
          RecordingException.Reason.STRACE_NOT_FOUND,
          "strace is not installed (not found on PATH). Install it, e.g. on Debian/Ubuntu: sudo apt-get install strace;"
              + " on Fedora: sudo dnf install strace");
    }
    if (findExecutable(command.get(0), path, workingDirectory) == null) {
      Path existing = findExisting(command.get(0), path, workingDirectory);
      if (existing != null) {
        // as bash says it: the file is there, the kernel would refuse to exec it
        throw new RecordingException(RecordingException.Reason.COMMAND_NOT_EXECUTABLE,
            command.get(0) + ": " + (Files.isDirectory(existing) ? "Is a directory" : "Permission denied"));
      }
      throw new RecordingException(RecordingException.Reason.COMMAND_NOT_FOUND,
          command.get(0) + (command.get(0).contains("/") ? ": No such file or directory" : ": command not found"));
    }
    StraceFlags flags = StraceFlags.probe(straceExecutable, traceAll);

    Path directory;
    Path fifo;
    try {
      directory = Files.createTempDirectory("systrument-record-");
      fifo = directory.resolve("strace.fifo");
      Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
      if (mkfifo.waitFor() != 0) {
        throw new IOException("mkfifo " + fifo + " failed");
      }
    } catch (IOException e) {
      throw new RecordingException(RecordingException.Reason.IO, "cannot create the FIFO for strace's output: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(RecordingException.Reason.IO, "interrupted while creating the FIFO");
    }

    List<String> straceCommand = new ArrayList<>();
    straceCommand.add(straceExecutable);
    straceCommand.addAll(flags.flags());
    straceCommand.addAll(extraStraceArguments);
    straceCommand.addAll(List.of("-o", fifo.toString(), "--"));
    straceCommand.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(straceCommand).inheritIO();
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    if (environment != null) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    try {
      return Recording.start(builder, straceCommand, flags, directory, fifo, rawOutput);
    } catch (IOException e) {
      deleteQuietly(fifo, directory);
      throw new RecordingException(RecordingException.Reason.IO, "cannot start strace: " + e.getMessage());
    }
  }

  /**
   * Runs {@code command} under strace to its end and returns what it did: its exit code, its
   * process tree, the files it touched, its stats. strace's output streams through a FIFO and is
   * read while the command runs; nothing is written to disk (unless {@link Builder#rawOutput}).
   * The command's stdin, stdout and stderr are this JVM's.
   */
  public TraceReport run(List<String> command) throws RecordingException, IOException, InterruptedException {
    Path directory = workingDirectory != null ? workingDirectory.toAbsolutePath() : Path.of("").toAbsolutePath();
    try (Recording recording = start(command);
        StraceReader reader = StraceReader.open(recording.output(), command.get(0), ReaderOptions.defaults())) {
      TraceReport.Collected c = TraceReport.collect(reader, directory);
      int exitCode = recording.waitFor();
      return new TraceReport(exitCode, c.tree(), c.files(), c.stats(), reader.summary());
    }
  }

  static void deleteQuietly(Path... paths) {
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort: a leftover empty temp dir is harmless
      }
    }
  }

  /** Resolves a program name like a shell does: as a path when it has a slash, else along PATH. */
  static String findExecutable(String name, String path, Path workingDirectory) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      if (!p.isAbsolute() && workingDirectory != null) {
        p = workingDirectory.resolve(p);
      }
      return Files.isRegularFile(p) && Files.isExecutable(p) ? name : null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  /**
   * The file a shell would have tried to run when {@link #findExecutable} finds nothing: the path
   * itself when the name has a slash, else the first match along PATH; null when there is none.
   */
  static Path findExisting(String name, String path, Path workingDirectory) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      if (!p.isAbsolute() && workingDirectory != null) {
        p = workingDirectory.resolve(p);
      }
      return Files.exists(p) ? p : null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Options for {@link StraceRecorder}. */
  public static final class Builder {
    private String strace = "strace";
    private boolean traceAll;
    private OutputStream rawOutput;
    private Path workingDirectory;
    private Map<String, String> environment;
    private final List<String> extraStraceArguments = new ArrayList<>();

    private Builder() {}

    /** The strace program (name looked up on PATH, or a path). Default {@code strace}. */
    public Builder strace(String strace) {
      this.strace = Objects.requireNonNull(strace);
      return this;
    }

    /** Trace every syscall instead of the default {@code %process,%file} classes. */
    public Builder traceAll(boolean traceAll) {
      this.traceAll = traceAll;
      return this;
    }

    /**
     * Also copy strace's output, byte for byte, to this stream as it is read. The recording
     * flushes it when closed but does not close it: the caller owns it (the CLI writes it to a
     * temporary file and renames it into place, see its AtomicOutput).
     */
    public Builder rawOutput(OutputStream rawOutput) {
      this.rawOutput = rawOutput;
      return this;
    }

    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = workingDirectory;
      return this;
    }

    /** The environment for strace and the command (default: this JVM's). */
    public Builder environment(Map<String, String> environment) {
      this.environment = new HashMap<>(environment);
      return this;
    }

    /** Additional strace arguments placed after the chosen flags (e.g. {@code -e signal=none}). */
    public Builder extraStraceArguments(List<String> arguments) {
      this.extraStraceArguments.addAll(arguments);
      return this;
    }

    public StraceRecorder build() {
      return new StraceRecorder(this);
    }
  }
}
