package dev.systrument.cli;

import dev.systrument.model.Redaction;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTracker;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.parser.Problem;
import dev.systrument.parser.ReadSummary;
import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one read loop every command shares: open the input, pull events, feed the process tracker
 * and the exporters listening to it, print problems (up to a limit, all counted), draw progress,
 * and end with a summary line on stderr.
 */
final class LogConversion {
  private final CliContext context;
  private final ReaderLimits inputOptions;
  private final boolean validateArguments;
  private Redaction problemRedaction = Redaction.DEFAULT;
  private boolean renderArgumentsWhenAhead;
  private boolean framingThread;
  private long problemsPrinted;
  /** The input as the reader names it (resolved against the working directory), and as typed. */
  private String resolvedInput;
  private String typedInput;

  LogConversion(CliContext context, ReaderLimits inputOptions, boolean validateArguments) {
    this.context = context;
    this.inputOptions = inputOptions;
    this.validateArguments = validateArguments;
  }

  /**
   * Let the reading thread render arguments while the consumer is behind: for consumers that show
   * every call's arguments (the Perfetto writer with syscall slices). See {@link ReadAhead}.
   */
  LogConversion renderingArgumentsWhenAhead(boolean render) {
    this.renderArgumentsWhenAhead = render;
    return this;
  }

  /**
   * Let the reader frame lines on a thread of their own ({@link ReaderOptions#framingThread()}):
   * for consumers that leave a core idle (the process tree alone, check, Perfetto without syscall
   * slices), so reading, which is then the slower side, runs on both cores.
   */
  LogConversion framingOnAThreadOfItsOwn(boolean framing) {
    this.framingThread = framing;
    return this;
  }

  /**
   * What problem reports hide of the lines they quote ({@code --no-redact} turns it off): a line
   * that did not parse may be an exec call with its argv and environment (docs/redaction.md).
   */
  LogConversion problemsShownWith(Redaction redaction) {
    this.problemRedaction = redaction;
    return this;
  }

  /** What one input gave. */
  record Result(String source, ReadSummary summary, ProcessTree tree) {}

  /**
   * Makes the listeners when the first event has told what kind of timestamps the log has (an
   * exporter may want to shift an untimed log's synthetic clock to now).
   */
  interface ListenerFactory {
    List<? extends ProcessListener> create(TimeKind timeKind);
  }

  /**
   * What a converter reads: its one INPUT, or stdin when none is given. Not a terminal's stdin,
   * though: a user who forgot the file would wait for a log nobody types ({@code -} still reads
   * stdin, terminal or not).
   */
  static String oneInputOrStdin(CliContext context, List<String> inputs) {
    if (inputs.size() > 1) {
      throw new UsageException("takes one INPUT, not " + inputs.size() + ": " + String.join(" ", inputs));
    }
    if (!inputs.isEmpty()) {
      return inputs.get(0);
    }
    if (context.terminal().stdinIsTerminal()) {
      throw new UsageException("reading strace output from a terminal; give a file or pipe it in");
    }
    return "-";
  }

  /** Reads {@code input} ({@code -} for stdin, a file, a .gz, an -ff directory or prefix). */
  Result run(String input, List<? extends ProcessListener> listeners) throws IOException {
    return run(input, timeKind -> listeners);
  }

  /** As {@link #run(String, List)}, with listeners made once the log's time kind is known. */
  Result run(String input, ListenerFactory listeners) throws IOException {
    ReaderOptions options = readerOptions();
    if (input.equals("-")) {
      try (StraceReader reader = StraceReader.open(context.stdin(), "<stdin>", options)) {
        return drain(reader, "<stdin>", -1, listeners, true);
      }
    }
    Path path = context.resolve(input);
    resolvedInput = path.toString();
    typedInput = input;
    if (!Files.exists(path) && !isFfPrefix(path)) {
      throw new UsageException("no such file: " + input);
    }
    long size = Files.isRegularFile(path) ? Files.size(path) : -1;
    try (StraceReader reader = open(path, input, options)) {
      return drain(reader, input, size, listeners, true);
    }
  }

  /**
   * A directory without -ff members ({@code trace.1234}) is a wrong argument, not an I/O failure:
   * the reader says so with a NoSuchFileException, which becomes a usage error (exit 2).
   */
  private static StraceReader open(Path path, String input, ReaderOptions options) throws IOException {
    try {
      return StraceReader.open(path, options);
    } catch (NoSuchFileException e) {
      throw new UsageException(e.getReason() != null ? input + ": " + e.getReason() : "no such file: " + input);
    }
  }

  /**
   * Reads an already open stream (record's FIFO). No progress bar: the traced command owns the
   * terminal while it runs.
   */
  Result run(InputStream in, String sourceName, List<? extends ProcessListener> listeners) throws IOException {
    try (StraceReader reader = StraceReader.open(in, sourceName, readerOptions())) {
      return drain(reader, sourceName, -1, timeKind -> listeners, false);
    }
  }

  private ReaderOptions readerOptions() {
    return inputOptions.toReaderOptions().withValidateArguments(validateArguments).withProblemSink(this::printProblem)
        .withFramingThread(framingThread);
  }

  private static boolean isFfPrefix(Path prefix) throws IOException {
    Path dir = prefix.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return false;
    }
    String name = prefix.getFileName() + ".";
    try (var members = Files.list(dir)) {
      return members.anyMatch(p -> p.getFileName().toString().startsWith(name));
    }
  }

  private Result drain(StraceReader reader, String source, long size, ListenerFactory listeners, boolean showProgress)
      throws IOException {
    ProcessTracker tracker = null;
    boolean progressEnabled = showProgress && context.terminal().progressOnStderr();
    ProgressBar progress = new ProgressBar(context.err(), progressEnabled, source, size);
    long count = 0;
    TraceEvent event;
    try (ReadAhead events = new ReadAhead(reader, renderArgumentsWhenAhead)) {
      while ((event = events.next()) != null) {
        if (tracker == null) {
          tracker = new ProcessTracker(ProcessListener.composite(listeners.create(event.timeKind())));
        }
        tracker.accept(event);
        if ((++count & 0xfff) == 0) {
          progress.update(events.bytesRead());
        }
      }
    }
    if (tracker == null) {
      ReadSummary read = reader.summary();
      if (read.physicalLines() > 0) {
        // lines, and not one strace record or message among them: not a strace log at all
        progress.finish();
        throw new NoStraceOutputException(new Result(source, read, new ProcessTracker().snapshot()));
      }
      // an empty log: nothing to shift
      tracker = new ProcessTracker(ProcessListener.composite(listeners.create(TimeKind.EPOCH)));
    }
    tracker.finish();
    progress.finish();
    ReadSummary summary = reader.summary();
    if (summary.problems() > problemsPrinted) {
      context.err().println("... " + Count.of(summary.problems() - problemsPrinted, "more problem", "more problems") + " not shown (--max-problems)");
    }
    Result result = new Result(source, summary, tracker.snapshot());
    String warning = mostlyNotStrace(result);
    if (warning != null) {
      context.err().println(warning);
    }
    return result;
  }

  private void printProblem(Problem problem) {
    if (problemsPrinted < inputOptions.maxProblems) {
      problemsPrinted++;
      String source = sourceAsTyped(problem.source());
      if (!source.equals(problem.source())) {
        problem = problem.withSource(source);
      }
      context.err().println(redacted(problem).format());
    }
  }

  /**
   * A source as the reader names it, said as the user typed the input: the reader names sources
   * by the resolved path (/home/me/build.strace, or a -ff member /home/me/dir/trace.1234), the
   * summary line, problem reports and strace2json by what was typed (build.strace, dir/trace.1234).
   */
  String sourceAsTyped(String source) {
    if (resolvedInput != null && source.startsWith(resolvedInput)) {
      return typedInput + source.substring(resolvedInput.length());
    }
    return source;
  }

  /**
   * The problem with secrets in its line (and message) hidden. {@code file:line:column} still names
   * the column in the file; only the caret moves, to stay under the same text.
   */
  private Problem redacted(Problem problem) {
    String line = problemRedaction.text(problem.lineText());
    String message = problemRedaction.text(problem.message());
    if (line.equals(problem.lineText()) && message.equals(problem.message())) {
      return problem;
    }
    int caret = problem.caret();
    if (!line.equals(problem.lineText())) {
      String before = problem.lineText().substring(0, Math.max(0, Math.min(caret - 1, problem.lineText().length())));
      caret = problemRedaction.text(before).length() + 1;
    }
    return new Problem(problem.source(), problem.line(), problem.column(), message, line, caret);
  }

  /** {@code build.strace: 9452 lines, 7223 syscalls, 18 processes; 2 problems (lines skipped)}. */
  static String describe(Result r) {
    ReadSummary s = r.summary();
    StringBuilder sb = new StringBuilder();
    sb.append(r.source()).append(": ").append(Count.of(s.physicalLines(), "line")).append(", ");
    sb.append(Count.of(s.syscalls(), "syscall")).append(", ").append(Count.of(r.tree().processes().size(), "process", "processes"));
    long threads = r.tree().processes().stream().mapToLong(p -> p.threads().size()).sum();
    if (threads > 0) {
      sb.append(", ").append(Count.of(threads, "thread"));
    }
    sb.append("; ").append(Count.of(s.problems(), "problem"));
    if (s.problems() > 0) {
      sb.append(s.problems() == 1 ? " (line skipped)" : " (lines skipped)");
    }
    if (s.foreignLines() > 0) {
      sb.append(", ").append(Count.of(s.foreignLines(), "foreign line")).append(" (program output, ignored)");
    }
    if (s.unfinishedNeverResumed() > 0) {
      sb.append(", ").append(Count.of(s.unfinishedNeverResumed(), "call")).append(" never resumed");
    }
    if (s.resumedWithoutUnfinished() > 0) {
      sb.append(", ").append(s.resumedWithoutUnfinished()).append(" resumed without start");
    }
    if (s.outOfOrder() > 0) {
      sb.append(", ").append(Count.of(s.outOfOrder(), "event"))
          .append(" out of order (raise --reorder-window), delivered late with their own times, none dropped");
    }
    if (s.physicalLines() == 0) {
      sb.append("; the input is empty");
    }
    return sb.toString();
  }

  /**
   * A warning for an input that is mostly not strace output (more than half its lines foreign or
   * bad: a program's output with a few strace lines, the wrong file), or null.
   */
  static String mostlyNotStrace(Result r) {
    ReadSummary s = r.summary();
    long notStrace = s.foreignLines() + s.problems();
    if (s.physicalLines() == 0 || notStrace * 2 <= s.physicalLines()) {
      return null;
    }
    return "warning: " + notStrace + " of the " + s.physicalLines() + " lines of " + r.source()
        + " are not strace output (a stderr capture of a chatty program, or not a strace log?)";
  }
}
