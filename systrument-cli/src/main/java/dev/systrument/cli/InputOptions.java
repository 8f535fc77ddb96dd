package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import dev.systrument.parser.ReaderOptions;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reader options shared by every command that reads a log ({@code @ParametersDelegate}). */
final class InputOptions {
  @Parameter(
      names = "--reorder-window",
      description = "How many events may wait to be put in timestamp order (logs written with -e status=!unfinished are not in order)")
  int reorderWindow = ReaderOptions.DEFAULT_REORDER_WINDOW;

  @Parameter(
      names = "--base-date",
      description = "Date (YYYY-MM-DD) of the first line of a -t/-tt log; default: the file's modification date")
  String baseDate;

  @Parameter(names = "--max-problems", description = "Print at most this many problems (all are counted)")
  int maxProblems = 50;

  ReaderOptions toReaderOptions() {
    ReaderOptions options = ReaderOptions.defaults().withReorderWindow(reorderWindow);
    if (baseDate != null) {
      try {
        options = options.withBaseDate(LocalDate.parse(baseDate));
      } catch (DateTimeParseException e) {
        throw new UsageException("--base-date takes YYYY-MM-DD, not '" + baseDate + "'");
      }
    }
    return options;
  }
}
