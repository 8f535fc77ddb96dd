package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.systrument.perfetto.PerfettoWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code strace2perfetto [INPUT|-] -o OUTPUT}: the main job. */
@Parameters(commandDescription = "Convert a strace log into a Perfetto trace (open it in https://ui.perfetto.dev)")
final class PerfettoCommand implements Command {
  // No arity: no INPUT means stdin (LogConversion.oneInputOrStdin).
  @Parameter(description = "INPUT (file, .gz, -ff directory or prefix; - or nothing for stdin)")
  List<String> inputs = new java.util.ArrayList<>();

  @Parameter(names = {"-o", "--output"}, description = "Output .pftrace file", required = true)
  String output;

  @Parameter(names = "--logs", description = "Also write each strace line as a Perfetto log message")
  boolean logs;

  @ParametersDelegate PerfettoFlags perfetto = new PerfettoFlags();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @ParametersDelegate InputOptions input = new InputOptions();

  @Override
  public int run(CliContext context) throws Exception {
    String in = LogConversion.oneInputOrStdin(context, inputs);
    AtomicOutput.checkNotTheInput(context, in, output);
    Path target = context.resolve(output);
    LogConversion.Result result;
    try (AtomicOutput out = new AtomicOutput(target)) {
      PerfettoWriter writer = new PerfettoWriter(out.stream(), perfetto.toOptions(logs, redaction));
      result = new LogConversion(context, input, false)
          .problemsShownWith(redaction.redaction())
          .renderingArgumentsWhenAhead(!perfetto.noSyscalls)
          // with syscall slices the writer keeps the other core busy: a framing thread only competes
          .framingOnAThreadOfItsOwn(perfetto.noSyscalls)
          .run(in, List.of(writer));
      writer.close();
      out.commit();
      context.err().println(LogConversion.describe(result) + "; wrote " + output + " (" + describe(writer.stats()) + ")");
    }
    // The trace is written either way; skipped lines make the exit status say so.
    return result.summary().problems() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;
  }

  /** {@code 974420 syscall slices, 1352 exec slices, 1351 flows, 2696 instants}. */
  static String describe(PerfettoWriter.Stats stats) {
    String text = Count.of(stats.syscallSlices(), "syscall slice") + ", " + Count.of(stats.execSlices(), "exec slice") + ", "
        + Count.of(stats.flows(), "flow") + ", " + Count.of(stats.instants(), "instant");
    return stats.logMessages() > 0 ? text + ", " + Count.of(stats.logMessages(), "log message") : text;
  }
}
