package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.systrument.model.TimeKind;
import dev.systrument.otel.ExportResult;
import dev.systrument.otel.OtelExporter;
import dev.systrument.otel.OtelOptions;
import java.util.List;

/**
 * {@code strace2otel [INPUT|-]}: spans (and with --logs, log records) to an OTLP endpoint, or with
 * {@code --output FILE} to an OTLP JSON Lines file.
 */
@Parameters(commandDescription = "Send a strace log's processes as OpenTelemetry spans (and logs) over OTLP")
final class OtelCommand implements Command {
  // No arity: no INPUT means stdin (LogConversion.oneInputOrStdin).
  @Parameter(description = "INPUT (file, .gz, -ff directory or prefix; - or nothing for stdin)")
  List<String> inputs = new java.util.ArrayList<>();

  @Parameter(names = "--logs", description = "Also send one log record per strace event")
  boolean logs;

  @Parameter(names = "--output", description = "Write OTLP JSON Lines to this file instead of sending"
      + " (what the Collector's otlpjsonfile receiver reads)")
  String output;

  @Parameter(names = "--env", description = "Export environment variables: redacted (bare --env) or all; default none")
  String env;

  @ParametersDelegate OtelFlags otel = new OtelFlags();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @ParametersDelegate InputOptions input = new InputOptions();

  /** The exporter in use (replaced once, before any event, for a log without wall-clock times). */
  private OtelExporter exporter;

  @Override
  public int run(CliContext context) throws Exception {
    String in = LogConversion.oneInputOrStdin(context, inputs);
    if (output != null) {
      AtomicOutput.checkNotTheInput(context, in, output);
    }
    OtelOptions options = otel.toOptions(context, "strace2otel", logs, env, redaction);
    try (AtomicOutput file = output == null ? null : new AtomicOutput(context.resolve(output))) {
      exporter = create(options, file); // before reading: a bad endpoint or protocol is refused at once
      return export(context, in, options, file);
    }
  }

  private int export(CliContext context, String in, OtelOptions options, AtomicOutput file) throws Exception {
    LogConversion.Result result;
    ExportResult exported;
    try {
      LogConversion conversion = new LogConversion(context, input, false).problemsShownWith(redaction.redaction())
          .framingOnAThreadOfItsOwn(true);
      result = conversion.run(in, timeKind -> {
        if (!timeKind.isWallClock() && !options.relativeToNow()) {
          // Without wall-clock times (strace -f -o, or -r) the reader's clock starts at 0: the
          // spans would land in 1970, where no trace UI looks. Start the log now instead.
          context.err().println("systrument strace2otel: the log has "
              + (timeKind == TimeKind.RELATIVE ? "relative times only (strace -r)" : "no wall-clock times")
              + "; its timestamps are shifted to start now (as with --relative-to-now)");
          exporter.shutdown(); // it has seen nothing: sends nothing
          exporter = create(options.toBuilder().relativeToNow(true).build(), file);
        }
        return List.of(exporter);
      });
    } finally {
      exported = exporter.shutdown(); // also when reading failed: what was queued still goes out
    }
    context.err().println(LogConversion.describe(result));
    boolean delivered = file == null
        ? OtelFlags.report(context, "strace2otel", options, exported)
        : OtelFlags.reportFile(context, "strace2otel", output, file, exported);
    return delivered && result.summary().problems() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;
  }

  private OtelExporter create(OtelOptions options, AtomicOutput file) {
    if (file != null) {
      return OtelExporter.toJsonLines(options, file.stream(), output);
    }
    return OtelFlags.sender(options);
  }
}
