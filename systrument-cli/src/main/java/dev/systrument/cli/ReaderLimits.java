package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import dev.systrument.parser.ReaderOptions;

/**
 * Reader options of every command that reads strace output ({@code @ParametersDelegate}): the
 * limits and the problem count. Commands that read log files use {@link InputOptions}, which adds
 * {@code --base-date}; record reads strace's live output, whose epoch timestamps need no date.
 */
class ReaderLimits {
  @Parameter(
      names = "--reorder-window",
      description = "How many events may wait to be put in timestamp order (logs written with -e status=!unfinished are not in order)")
  int reorderWindow = ReaderOptions.DEFAULT_REORDER_WINDOW;

  @Parameter(names = "--max-problems", description = "Print at most this many problems (all are counted)")
  int maxProblems = 50;

  // Limits that keep memory and stack bounded on any input; see docs/robustness.md.

  @Parameter(names = "--max-line-length", description = "Longer lines (in bytes) are reported and skipped")
  int maxLineLength = ReaderOptions.DEFAULT_MAX_LINE_LENGTH;

  @Parameter(names = "--max-nesting", description = "Deeper nesting of brackets in a line is reported as too deeply nested")
  int maxNesting = ReaderOptions.DEFAULT_MAX_NESTING;

  @Parameter(
      names = "--max-unfinished-calls",
      description = "How many <unfinished ...> calls may wait for their resumed half at once; past it the oldest is reported and given up")
  int maxUnfinishedCalls = ReaderOptions.DEFAULT_MAX_UNFINISHED_CALLS;

  ReaderOptions toReaderOptions() {
    ReaderOptions options;
    try {
      options = ReaderOptions.defaults()
          .withReorderWindow(reorderWindow)
          .withMaxLineLength(maxLineLength)
          .withMaxNesting(maxNesting)
          .withMaxUnfinishedCalls(maxUnfinishedCalls);
    } catch (IllegalArgumentException e) {
      throw new UsageException(flagNamed(e.getMessage()));
    }
    return options;
  }

  /**
   * ReaderOptions' complaint in terms of the command line: {@code maxNesting must be at least 1,
   * not 0} becomes {@code --max-nesting must be at least 1, not 0}.
   */
  private static String flagNamed(String message) {
    int space = Math.max(0, message.indexOf(' '));
    String field = message.substring(0, space);
    return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT) + message.substring(space);
  }
}
