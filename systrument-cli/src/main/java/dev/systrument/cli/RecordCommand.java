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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code record [options] [--] COMMAND [ARGS...]}: run a command under strace and convert while it
 * runs. Exit status is the command's (128 + signal when killed). See docs/record.md.
 */
@Parameters(commandDescription = "Run a command under strace and write a Perfetto trace (and/or OTLP) while it runs")
final class RecordCommand implements Command.Wrapping {
  // Never parsed by JCommander (Cli hands the command line over through wrap): declared for the
  // usage line.
  @Parameter(description = "[--] COMMAND [ARGS...]   (record's options end at COMMAND)")
  List<String> command = new ArrayList<>();

  @Parameter(names = "--all", description = "Trace every syscall (default: process and file syscalls, via --seccomp-bpf)")
  boolean all;

  @Parameter(names = {"-o", "--output-strace"}, description = "Also keep strace's raw output in this file")
  String rawOutput;

  @Parameter(names = "--output-perfetto", description = "Write the Perfetto trace here. Default: COMMAND-YYYYMMDD-HHMMSS.pftrace in the current"
      + " directory (-2, -3, ... when taken); no trace when only -o or --otel is given")
  String perfettoOutput;

  @Parameter(names = "--otel", description = "Send spans (and with --logs, log records) to the OTLP endpoint (OTEL_* variables, --endpoint)")
  boolean otel;

  @Parameter(names = "--logs", description = "Also write each strace line as a Perfetto log message, and with --otel send it"
      + " as an OTLP log record")
  boolean logs;

  @Parameter(names = "--otel-output", description = "Write spans (and with --logs, log records) as OTLP JSON Lines"
      + " to this file")
  String otelOutput;

  @ParametersDelegate PerfettoFlags perfetto = new PerfettoFlags();

  @ParametersDelegate OtelFlags otelFlags = new OtelFlags();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  // strace's live output has epoch timestamps: no --base-date
  @ParametersDelegate ReaderLimits input = new ReaderLimits();

  @Override
  public void wrap(List<String> commandLine) {
    command = List.copyOf(commandLine);
  }

  @Override
  public int run(CliContext context) throws Exception {
    if (command.isEmpty()) {
      throw new UsageException("nothing to record: give the command to run, e.g. record make -j8");
    }
    String perfettoPath = perfettoOutput;
    boolean defaultOutput = perfettoPath == null && rawOutput == null && !otel && otelOutput == null;
    if (defaultOutput) {
      String name = Path.of(command.get(0)).getFileName().toString();
      perfettoPath = name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".pftrace";
    }

    List<ProcessListener> listeners = new ArrayList<>();
    Path staging = null;
    AtomicOutput perfettoFile = null;
    AtomicOutput rawFile = null;
    PerfettoWriter writer = null;
    OtelExporter exporter = null;
    OtelOptions otelOptions = null;
    AtomicOutput otelFile = null;
    OtelExporter fileExporter = null;
    try {
      if (perfettoPath != null || rawOutput != null || otelOutput != null) {
        staging = stagingDirectory(context);
      }
      if (perfettoPath != null) {
        // the default name is ours, not the user's: a second run in the same second gets -2
        perfettoFile = new AtomicOutput(context.resolve(perfettoPath), staging, defaultOutput);
        writer = new PerfettoWriter(perfettoFile.stream(), perfetto.toOptions(logs, redaction));
        listeners.add(writer);
      }
      if (otel || otelOutput != null) {
        otelOptions = otelFlags.toOptions(context, "record", logs, perfetto.env, redaction);
      }
      if (otel) {
        exporter = OtelFlags.sender(otelOptions);
        listeners.add(exporter);
      }
      if (otelOutput != null) {
        otelFile = new AtomicOutput(context.resolve(otelOutput), staging, false);
        fileExporter = OtelExporter.toJsonLines(otelOptions, otelFile.stream(), otelOutput);
        listeners.add(fileExporter);
      }
      StraceRecorder.Builder recorder =
          StraceRecorder.builder().traceAll(all).workingDirectory(context.workingDirectory()).environment(context.env());
      if (rawOutput != null) {
        rawFile = new AtomicOutput(context.resolve(rawOutput), staging, false);
        recorder.rawOutput(rawFile.stream());
      }

      int exitCode;
      LogConversion.Result result;
      try (Recording recording = recorder.build().start(command)) {
        SignalForwarding forwarding = SignalForwarding.install(recording::signalCommand);
        try {
          // the command names the input in problems and the summary line, quoted as a shell would
          String sourceName = ShellWords.join(redaction.redaction().argvText(command.stream().map(Str::of).toList()));
          result = new LogConversion(context, input, false).problemsShownWith(redaction.redaction())
              .run(recording.output(), sourceName, listeners);
          exitCode = recording.waitFor();
        } finally {
          forwarding.close();
        }
        context.err().println("systrument: recorded with " + recording.flags().version() + ": " + String.join(" ", recording.straceCommand().subList(1, recording.straceCommand().indexOf("-o"))));
      } catch (RecordingException e) {
        context.err().println("systrument record: " + e.getMessage());
        return switch (e.reason()) {
          case COMMAND_NOT_FOUND -> ExitCode.COMMAND_NOT_FOUND;
          case COMMAND_NOT_EXECUTABLE -> ExitCode.COMMAND_NOT_EXECUTABLE;
          default -> ExitCode.USAGE;
        };
      }

      // From here on the command has ended and its status is what record returns: an output that
      // cannot be placed is said on stderr, with where its bytes are kept.
      context.err().println(LogConversion.describe(result));
      if (writer != null) {
        Path written = place(context, perfettoFile, writer::close);
        if (written != null) {
          context.err().println("wrote " + shown(context, written) + " (" + PerfettoCommand.describe(writer.stats()) + ")");
          context.err().println("Open it in https://ui.perfetto.dev (Open trace file).");
        }
      }
      if (rawFile != null) {
        // also after an interrupted command: it is exactly what strace wrote
        Path written = place(context, rawFile, () -> {});
        if (written != null) {
          context.err().println("wrote " + shown(context, written) + " (strace's raw output)");
        }
      }
      if (exporter != null) {
        ExportResult exported = exporter.shutdown();
        if (!OtelFlags.report(context, "record", otelOptions, exported) && exitCode == 0) {
          exitCode = ExitCode.PROBLEMS;
        }
      }
      if (fileExporter != null) {
        // placed like the other outputs: a file that cannot be written is said, the status stays the command's
        OtelFlags.reportFile(context, "record", otelOutput, otelFile, fileExporter.shutdown());
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
      if (staging != null) {
        try {
          Files.deleteIfExists(staging); // left when an output could not be placed: it holds it
        } catch (DirectoryNotEmptyException e) {
          // said above, with the file's name
        }
      }
    }
  }

  /**
   * Finishes one output ({@code finish}: the Perfetto writer's last packets) and places it; on
   * failure says so and where the bytes are, and returns null.
   */
  private static Path place(CliContext context, AtomicOutput output, Runnable finish) {
    String failure;
    try {
      finish.run();
      return output.commit();
    } catch (IOException e) {
      failure = e.getMessage(); // commit's names the target
    } catch (UncheckedIOException e) {
      failure = "cannot write " + output.target() + ": " + e.getCause().getMessage();
    }
    context.err().println("systrument record: " + failure
        + (Files.exists(output.staged()) ? "; what was recorded is kept in " + output.staged() : ""));
    return null;
  }

  /** An output as the user would type it: relative to the working directory when under it. */
  private static String shown(CliContext context, Path written) {
    return written.startsWith(context.workingDirectory()) ? context.workingDirectory().relativize(written).toString() : written.toString();
  }

  /**
   * A private directory (mode 0700) for the outputs while the command runs, never its working tree:
   * {@code git status} there would list them and {@code git clean -fdx} delete them. The user's
   * cache, which lies on disk (a raw log of a long build can be gigabytes, too much for a tmpfs
   * /tmp) and usually on the file system of the work tree, so placing the outputs is a rename; else
   * java.io.tmpdir.
   */
  private static Path stagingDirectory(CliContext context) throws IOException {
    Path cache = UserCache.directory(context.env());
    if (cache != null) {
      try {
        Path base = Files.createDirectories(cache.resolve("systrument").resolve("record"));
        return Files.createTempDirectory(base, "run-");
      } catch (IOException e) {
        // no usable cache: the temp directory will do
      }
    }
    return Files.createTempDirectory("systrument-record-");
  }
}
