package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import dev.systrument.parser.ReaderOptions;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reader options of the commands that read log files: the limits, and the date of a -t/-tt log. */
final class InputOptions extends ReaderLimits {
  @Parameter(
      names = "--base-date",
      description = "Date (YYYY-MM-DD) of the first line of a -t/-tt log; default: the file's modification date")
  String baseDate;

  @Override
  ReaderOptions toReaderOptions() {
    ReaderOptions options = super.toReaderOptions();
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
