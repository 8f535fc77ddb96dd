package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.systrument.model.Redaction;
import dev.systrument.model.stats.StatsCollector;
import dev.systrument.model.stats.TraceStats;
import java.util.List;

/**
 * {@code stats FILE [--json] [--top N]}: wall time, programs, parallelism, critical path, failures
 * and per-program syscall tables of a log (docs/stats.md). The numbers are the model's ({@link
 * StatsCollector}); this class only reads and prints.
 */
@Parameters(commandDescription = "Summarise a strace log: programs, parallelism, critical path, failures, syscalls")
final class StatsCommand implements Command {
  @Parameter(description = "FILE (- for stdin)", required = true, arity = 1)
  List<String> inputs;

  @Parameter(names = "--json", description = "Print the JSON form (docs/stats.md) instead of text")
  boolean json;

  @Parameter(names = "--top", description = "Rows per table in the text form (0: all)")
  int top = 10;

  @ParametersDelegate InputOptions input = new InputOptions();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @Override
  public int run(CliContext context) throws Exception {
    if (top < 0) {
      throw new UsageException("--top takes a count (0 for all), not " + top);
    }
    Redaction shown = redaction.redaction();
    StatsCollector collector = new StatsCollector();
    LogConversion.Result result = new LogConversion(context, input, false).problemsShownWith(shown).framingOnAThreadOfItsOwn(true)
        .run(inputs.get(0), List.of(collector));
    TraceStats stats = collector.stats();
    if (json) {
      context.out().println(StatsJson.render(stats, shown));
    } else {
      context.out().print(new StatsText(stats, top, context.terminal().stdoutColumns(), shown).render());
      context.err().println(LogConversion.describe(result));
    }
    return result.summary().problems() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;
  }
}
