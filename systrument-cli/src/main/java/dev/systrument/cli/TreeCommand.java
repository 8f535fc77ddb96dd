package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.systrument.model.Redaction;
import java.util.List;

/**
 * {@code tree FILE [--json]}: the process tree, as text or as the stable JSON of docs/tree.md, argv
 * redacted like every other output (docs/redaction.md).
 */
@Parameters(commandDescription = "Print the process tree of a strace log (text, or --json)")
final class TreeCommand implements Command {
  @Parameter(description = "FILE (- for stdin)", required = true, arity = 1)
  List<String> inputs;

  @Parameter(names = "--json", description = "Print the documented JSON form instead of text")
  boolean json;

  @ParametersDelegate InputOptions input = new InputOptions();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @Override
  public int run(CliContext context) throws Exception {
    Redaction shown = redaction.redaction();
    LogConversion.Result result = new LogConversion(context, input, false).problemsShownWith(shown).framingOnAThreadOfItsOwn(true)
        .run(inputs.get(0), List.of());
    if (json) {
      var s = result.summary();
      context.out().println(TreeJson.render(result.tree(), result.tree().timeKind().measuresTime(),
          new TreeJson.Summary(s.physicalLines(), s.syscalls(), s.problems(), s.foreignLines()), shown));
    } else {
      context.out().print(
          new TreeText(result.tree(), result.tree().timeKind().measuresTime(), context.terminal().stdoutColumns(), shown).render());
      context.err().println(LogConversion.describe(result));
    }
    return result.summary().problems() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;
  }
}
