package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;

/** {@code check FILE...}: read logs, decode every value, report every problem. */
@Parameters(commandDescription = "Read strace logs and report every line that does not parse (exit 1 if any)")
final class CheckCommand implements Command {
  @Parameter(description = "FILE... (- for stdin)", required = true)
  List<String> inputs = new ArrayList<>();

  @ParametersDelegate InputOptions input = new InputOptions();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @Override
  public int run(CliContext context) throws Exception {
    long problems = 0;
    boolean allStrace = true;
    for (String file : inputs) {
      LogConversion.Result result;
      try {
        result = new LogConversion(context, input, true).problemsShownWith(redaction.redaction())
            .framingOnAThreadOfItsOwn(true).run(file, List.of());
      } catch (NoStraceOutputException e) {
        context.err().println(LogConversion.describe(e.result()));
        context.err().println("systrument check: " + e.getMessage());
        allStrace = false;
        continue; // the next file may be a log
      }
      context.err().println(LogConversion.describe(result));
      problems += result.summary().problems();
    }
    return problems == 0 && allStrace ? ExitCode.OK : ExitCode.PROBLEMS;
  }
}
