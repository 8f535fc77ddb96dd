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
 *     0 delivers in log order.
 * @param baseDate date of the first line of a time-of-day log ({@code -t}/{@code -tt}); null:
 *     the file's modification date (the end of the recording; a log whose first time lies after
 *     that time of day is taken to have started the day before), or today for a stream
 * @param zone time zone of time-of-day logs (strace prints local time)
 * @param problemSink receives each problem as it is found
 * @param validateArguments decode every argument while reading and report what does not decode
 *     (the {@code check} command); otherwise arguments are decoded only when asked for
 * @param maxLineLength longer lines are reported and skipped, so a corrupt file (or a binary)
 *     cannot make the reader buffer without bound
 */
public record ReaderOptions(
    int reorderWindow,
    LocalDate baseDate,
    ZoneId zone,
    Consumer<Problem> problemSink,
    boolean validateArguments,
    int maxLineLength) {

  public static final int DEFAULT_REORDER_WINDOW = 10_000;
  public static final int DEFAULT_MAX_LINE_LENGTH = 16 << 20;

  public ReaderOptions {
    if (reorderWindow < 0) {
      throw new IllegalArgumentException("reorderWindow < 0: " + reorderWindow);
    }
    if (maxLineLength < 64) {
      throw new IllegalArgumentException("maxLineLength < 64: " + maxLineLength);
    }
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(problemSink, "problemSink");
  }

  public static ReaderOptions defaults() {
    return new ReaderOptions(DEFAULT_REORDER_WINDOW, null, ZoneId.systemDefault(), p -> {}, false, DEFAULT_MAX_LINE_LENGTH);
  }

  public ReaderOptions withReorderWindow(int events) {
    return new ReaderOptions(events, baseDate, zone, problemSink, validateArguments, maxLineLength);
  }

  public ReaderOptions withBaseDate(LocalDate date) {
    return new ReaderOptions(reorderWindow, date, zone, problemSink, validateArguments, maxLineLength);
  }

  public ReaderOptions withZone(ZoneId timeZone) {
    return new ReaderOptions(reorderWindow, baseDate, timeZone, problemSink, validateArguments, maxLineLength);
  }

  public ReaderOptions withProblemSink(Consumer<Problem> sink) {
    return new ReaderOptions(reorderWindow, baseDate, zone, sink, validateArguments, maxLineLength);
  }

  public ReaderOptions withValidateArguments(boolean validate) {
    return new ReaderOptions(reorderWindow, baseDate, zone, problemSink, validate, maxLineLength);
  }

  public ReaderOptions withMaxLineLength(int bytes) {
    return new ReaderOptions(reorderWindow, baseDate, zone, problemSink, validateArguments, bytes);
  }
}
