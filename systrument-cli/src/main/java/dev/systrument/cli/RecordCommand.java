package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.value.Value.Str;
import dev.systrument.otel.ExportResult;
import dev.systrument.otel.OtelExporter;
import dev.systrument.otel.OtelOptions;
import dev.systrument.parser.record.Recording;
import dev.systrument.parser.record.RecordingException;
import dev.systrument.parser.record.StraceRecorder;
import dev.systrument.perfetto.PerfettoWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code record [options] -- COMMAND [ARGS...]}: run a command under strace and convert while it
 * runs. Exit status is the command's (128 + signal when killed). See docs/record.md.
 */
@Parameters(commandDescription = "Run a command under strace and write a Perfetto trace (and/or OTLP) while it runs")
final class RecordCommand implements Command {
  @Parameter(description = "-- COMMAND [ARGS...]")
  List<String> command = new ArrayList<>();

  @Parameter(names = "--all", description = "Trace every syscall (default: process and file syscalls, via --seccomp-bpf)")
  boolean all;

  @Parameter(names = {"-o", "--output-strace"}, description = "Also keep strace's raw output in this file")
  String rawOutput;

  @Parameter(names = "--output-perfetto", description = "Write a Perfetto trace here")
  String perfettoOutput;

  @Parameter(names = "--otel", description = "Send spans to the OTLP endpoint (OTEL_* variables, --endpoint)")
  boolean otel;

  @Parameter(names = "--otel-output", description = "Write spans (and with --logs, log records) as OTLP JSON Lines"
      + " to this file")
  String otelOutput;

  @ParametersDelegate PerfettoFlags perfetto = new PerfettoFlags();

  @ParametersDelegate OtelFlags otelFlags = new OtelFlags();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @ParametersDelegate InputOptions input = new InputOptions();

  @Override
  public int run(CliContext context) throws Exception {
    if (command.isEmpty()) {
      throw new UsageException("nothing to record: give the command after --, e.g. record -- make -j8");
    }
    String perfettoPath = perfettoOutput;
    boolean defaultOutput = perfettoPath == null && rawOutput == null && !otel && otelOutput == null;
    if (defaultOutput) {
      String name = Path.of(command.get(0)).getFileName().toString();
      perfettoPath = name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".pftrace";
    }

    List<ProcessListener> listeners = new ArrayList<>();
    AtomicOutput perfettoFile = null;
    AtomicOutput rawFile = null;
    PerfettoWriter writer = null;
    OtelExporter exporter = null;
    OtelOptions otelOptions = null;
    AtomicOutput otelFile = null;
    OtelExporter fileExporter = null;
    try {
      if (perfettoPath != null) {
        perfettoFile = new AtomicOutput(context.resolve(perfettoPath));
        writer = new PerfettoWriter(perfettoFile.stream(), perfetto.toOptions(redaction));
        listeners.add(writer);
      }
      if (otel) {
        otelOptions = otelFlags.toOptions(context, "record", perfetto.logs, perfetto.env, redaction);
        try {
          exporter = OtelExporter.create(otelOptions);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        listeners.add(exporter);
      }
      if (otelOutput != null) {
        if (otelOptions == null) {
          otelOptions = otelFlags.toOptions(context, "record", perfetto.logs, perfetto.env, redaction);
        }
        otelFile = new AtomicOutput(context.resolve(otelOutput));
        fileExporter = OtelExporter.toJsonLines(otelOptions, otelFile.stream(), otelOutput);
        listeners.add(fileExporter);
      }
      StraceRecorder.Builder recorder =
          StraceRecorder.builder().traceAll(all).workingDirectory(context.workingDirectory()).environment(context.env());
      if (rawOutput != null) {
        rawFile = new AtomicOutput(context.resolve(rawOutput));
        recorder.rawOutput(rawFile.stream());
      }

      int exitCode;
      LogConversion.Result result;
      try (Recording recording = recorder.build().start(command)) {
        SignalForwarding forwarding = SignalForwarding.install(recording::signalCommand);
        try {
          // the command names the input in problems and the summary line: shown like its argv
          String sourceName = String.join(" ", redaction.redaction().argvText(command.stream().map(Str::of).toList()));
          result = new LogConversion(context, input, false).problemsShownWith(redaction.redaction())
              .run(recording.output(), sourceName, listeners);
          exitCode = recording.waitFor();
        } finally {
          forwarding.close();
        }
        context.err().println("systrument: recorded with " + recording.flags().version() + ": " + String.join(" ", recording.straceCommand().subList(1, recording.straceCommand().indexOf("-o"))));
      } catch (RecordingException e) {
        context.err().println("systrument record: " + e.getMessage());
        return e.reason() == RecordingException.Reason.COMMAND_NOT_FOUND ? ExitCode.COMMAND_NOT_FOUND : ExitCode.USAGE;
      }
      if (rawFile != null) {
        rawFile.commit(); // also after an interrupted command: it is exactly what strace wrote
      }

      context.err().println(LogConversion.describe(result));
      if (writer != null) {
        writer.close();
        perfettoFile.commit();
        context.err().println("wrote " + perfettoPath + " (" + PerfettoCommand.describe(writer.stats()) + ")");
        context.err().println("Open it in https://ui.perfetto.dev (Open trace file).");
      }
      if (rawOutput != null) {
        context.err().println("wrote " + rawOutput + " (strace's raw output)");
      }
      if (exporter != null) {
        ExportResult exported = exporter.shutdown();
        if (!OtelFlags.report(context, "record", otelOptions, exported) && exitCode == 0) {
          exitCode = ExitCode.PROBLEMS;
        }
      }
      if (fileExporter != null) {
        ExportResult written = fileExporter.shutdown();
        if (!OtelFlags.reportFile(context, "record", otelOutput, otelFile, written) && exitCode == 0) {
          exitCode = ExitCode.PROBLEMS;
        }
      }
      return exitCode;
    } finally {
      if (exporter != null) {
        exporter.shutdown();
      }
      if (fileExporter != null) {
        fileExporter.shutdown();
        otelFile.close();
      }
      if (perfettoFile != null) {
        perfettoFile.close();
      }
      if (rawFile != null) {
        rawFile.close();
      }
    }
  }
}
