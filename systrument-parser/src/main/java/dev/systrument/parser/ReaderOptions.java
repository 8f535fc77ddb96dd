package dev.systrument.parser;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link StraceReader} reads. Start from {@link #defaults()} and change with the withers:
 * {@code ReaderOptions.defaults().withProblemSink(p -> System.err.println(p.format()))}.
 *
 * @param reorderWindow how many events may wait to be put in timestamp order. Logs written with
 *     {@code -e status=!unfinished} print a call when it returns but with its start time, so
 *     lines are not in time order; a call left unfinished also waits here for its resumed half.
 *     0 delivers in log order. After 20,000 events in a row in timestamp order, resolved events
 *     wait for stragglers only 1,024 deep, until the next straggler restores the whole window
 *     (docs/parser.md, "Order").
 * @param baseDate date of the first line of a time-of-day log ({@code -t}/{@code -tt}); null:
 *     the file's modification date (the end of the recording; a log whose first time lies after
 *     that time of day is taken to have started the day before), or today for a stream
 * @param zone time zone of time-of-day logs (strace prints local time)
 * @param problemSink receives each problem as it is found. The default, {@link #LOG_PROBLEMS}, logs
 *     each as a warning, so a library user who passed no sink still sees what was skipped;
 *     {@link StraceReader#summary()} counts them either way
 * @param validateArguments decode every argument while reading and report what does not decode
 *     (the {@code check} command); otherwise arguments are decoded only when asked for
 * @param maxLineLength longer lines are reported and skipped, so a corrupt file (or a binary)
 *     cannot make the reader buffer without bound
 * @param maxNesting deeper bracket nesting ({@code [[{...}]]}, and runs of prefix operators) is
 *     reported as "too deeply nested" instead of parsed: the grammar is recursive, so the depth a
 *     thread can parse is bounded by its stack anyway (about 500 levels with the JVM's default
 *     1 MB; deeper is reported as "parser stack exhausted"), and it is at most {@value
 *     #MAX_NESTING_LIMIT}. Real strace output nests a handful of levels.
 * @param maxUnfinishedCalls how many {@code <unfinished ...>} calls may wait for their {@code <...
 *     resumed>} half at once. strace has at most one call in flight per task, so this bounds the
 *     tasks blocked in a call at the same time; past it the oldest waiting call is reported and
 *     delivered unfinished (its resumed half, if it comes, is then a call of its own)
 * @param framingThread read and frame lines on a thread of their own, ahead of the reading
 *     thread (a single file or stream; not the members of {@code -ff} output): the reader's work
 *     then runs on two cores, which pays where the events' consumer leaves one idle. Off by
 *     default: it costs a thread and, where both cores are busy anyway, a little more work
 */
public record ReaderOptions(
    int reorderWindow,
    LocalDate baseDate,
    ZoneId zone,
    Consumer<Problem> problemSink,
    boolean validateArguments,
    int maxLineLength,
    int maxNesting,
    int maxUnfinishedCalls,
    boolean framingThread) {

  public static final int DEFAULT_REORDER_WINDOW = 10_000;
  public static final int DEFAULT_MAX_LINE_LENGTH = 16 << 20;
  public static final int DEFAULT_MAX_NESTING = 200;
  /**
   * The highest {@link #maxNesting()}: past what the stack holds the grammar overflows anyway,
   * and a line nested 100,000 deep under a limit that high took a minute to fail (ANTLR looks far
   * ahead at every level before the stack runs out), where the limit's own check is immediate.
   */
  public static final int MAX_NESTING_LIMIT = 1_000;
  public static final int DEFAULT_MAX_UNFINISHED_CALLS = 65_536;

  /**
   * The default problem sink: each problem, as {@link Problem#format()} writes it, to the platform
   * logger {@code dev.systrument.parser} at {@code WARNING}. Without a logging setup that is
   * java.util.logging, which prints warnings on stderr; an application routes it into its own
   * logging (SLF4J, Log4j and others provide a {@link System.LoggerFinder}) or gives its own sink
   * with {@link #withProblemSink}. A reader never drops a problem silently: a bad line in the
   * input of a program that never looked at the summary would otherwise vanish.
   */
  public static final Consumer<Problem> LOG_PROBLEMS = new Consumer<>() {
    private final System.Logger logger = System.getLogger("dev.systrument.parser");

    @Override
    public void accept(Problem problem) {
      logger.log(System.Logger.Level.WARNING, problem::format);
    }

    @Override
    public String toString() {
      return "LOG_PROBLEMS";
    }
  };

  public ReaderOptions {
    if (reorderWindow < 0) {
      throw new IllegalArgumentException("reorderWindow must be at least 0, not " + reorderWindow);
    }
    if (maxLineLength < 64) {
      throw new IllegalArgumentException("maxLineLength must be at least 64, not " + maxLineLength);
    }
    if (maxNesting < 1 || maxNesting > MAX_NESTING_LIMIT) {
      throw new IllegalArgumentException("maxNesting must be between 1 and " + MAX_NESTING_LIMIT + ", not " + maxNesting);
    }
    if (maxUnfinishedCalls < 1) {
      throw new IllegalArgumentException("maxUnfinishedCalls must be at least 1, not " + maxUnfinishedCalls);
    }
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(problemSink, "problemSink");
  }

  public static ReaderOptions defaults() {
    return new ReaderOptions(DEFAULT_REORDER_WINDOW, null, ZoneId.systemDefault(), LOG_PROBLEMS, false, DEFAULT_MAX_LINE_LENGTH,
        DEFAULT_MAX_NESTING, DEFAULT_MAX_UNFINISHED_CALLS, false);
  }

  public ReaderOptions withReorderWindow(int events) {
    return new ReaderOptions(events, baseDate, zone, problemSink, validateArguments, maxLineLength, maxNesting,
        maxUnfinishedCalls, framingThread);
  }

  public ReaderOptions withBaseDate(LocalDate date) {
    return new ReaderOptions(reorderWindow, date, zone, problemSink, validateArguments, maxLineLength, maxNesting,
        maxUnfinishedCalls, framingThread);
  }

  public ReaderOptions withZone(ZoneId timeZone) {
    return new ReaderOptions(reorderWindow, baseDate, timeZone, problemSink, validateArguments, maxLineLength, maxNesting,
        maxUnfinishedCalls, framingThread);
  }

  public ReaderOptions withProblemSink(Consumer<Problem> sink) {
    return new ReaderOptions(reorderWindow, baseDate, zone, sink, validateArguments, maxLineLength, maxNesting,
        maxUnfinishedCalls, framingThread);
  }

  public ReaderOptions withValidateArguments(boolean validate) {
    return new ReaderOptions(reorderWindow, baseDate, zone, problemSink, validate, maxLineLength, maxNesting,
        maxUnfinishedCalls, framingThread);
  }

  public ReaderOptions withMaxLineLength(int bytes) {
    return new ReaderOptions(reorderWindow, baseDate, zone, problemSink, validateArguments, bytes, maxNesting,
        maxUnfinishedCalls, framingThread);
  }

  public ReaderOptions withMaxNesting(int levels) {
    return new ReaderOptions(reorderWindow, baseDate, zone, problemSink, validateArguments, maxLineLength, levels,
        maxUnfinishedCalls, framingThread);
  }

  public ReaderOptions withMaxUnfinishedCalls(int calls) {
    return new ReaderOptions(reorderWindow, baseDate, zone, problemSink, validateArguments, maxLineLength, maxNesting,
        calls, framingThread);
  }

  public ReaderOptions withFramingThread(boolean framing) {
    return new ReaderOptions(reorderWindow, baseDate, zone, problemSink, validateArguments, maxLineLength, maxNesting,
        maxUnfinishedCalls, framing);
  }
}
