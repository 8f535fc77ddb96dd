package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.systrument.model.Redaction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;

/**
 * {@code strace2json [INPUT|-] [-o OUTPUT]}: every event as a line of JSON, decoded arguments
 * typed as the model types them, then the process tree (docs/json.md). Standard output by default,
 * so that {@code strace2json build.strace | jq ...} works.
 */
@Parameters(commandDescription = "Convert a strace log into JSON Lines: one object per event, then the process tree (docs/json.md)")
final class JsonCommand implements Command {
  // No arity: no INPUT means stdin (LogConversion.oneInputOrStdin).
  @Parameter(description = "INPUT (file, .gz, -ff directory or prefix; - or nothing for stdin)")
  List<String> inputs = new java.util.ArrayList<>();

  @Parameter(names = {"-o", "--output"}, description = "Output .jsonl file (default: standard output)")
  String output;

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @ParametersDelegate InputOptions input = new InputOptions();

  @Override
  public int run(CliContext context) throws Exception {
    String in = LogConversion.oneInputOrStdin(context, inputs);
    if (output == null || output.equals("-")) {
      LogConversion.Result result = convert(context, in, context.out());
      context.out().flush();
      context.err().println(LogConversion.describe(result));
      return exitCode(result);
    }
    AtomicOutput.checkNotTheInput(context, in, output);
    Path target = context.resolve(output);
    try (AtomicOutput out = new AtomicOutput(target)) {
      LogConversion.Result result = convert(context, in, out.stream());
      out.commit();
      context.err().println(LogConversion.describe(result) + "; wrote " + output);
      return exitCode(result);
    }
  }

  private LogConversion.Result convert(CliContext context, String in, OutputStream out) throws IOException {
    Redaction shown = redaction.redaction();
    LogConversion conversion = new LogConversion(context, input, false).problemsShownWith(shown);
    try (JsonGenerator g = JsonOutput.generator(out)) {
      JsonEventWriter writer = new JsonEventWriter(g, shown, conversion::sourceAsTyped);
      LogConversion.Result result = conversion.run(in, timeKind -> {
        writer.header(in.equals("-") ? "<stdin>" : in, timeKind);
        return List.of(writer);
      });
      var s = result.summary();
      writer.trailer(result.tree(), new TreeJson.Summary(s.physicalLines(), s.syscalls(), s.problems(), s.foreignLines()));
      g.writeRaw('\n'); // a JSON Lines file ends in a newline, like every text file
      return result;
    } catch (JacksonIOException e) {
      // a full disk, a closed pipe: an I/O error (exit 3 with its message), not an internal one
      throw new UncheckedIOException(e.getCause());
    }
  }

  private static int exitCode(LogConversion.Result result) {
    return result.summary().problems() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;
  }
}
