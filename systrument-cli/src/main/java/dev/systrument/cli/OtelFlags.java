package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import dev.systrument.model.Redaction;
import dev.systrument.otel.ExportResult;
import dev.systrument.otel.OtelExporter;
import dev.systrument.otel.OtelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenTelemetry options, shared by {@code strace2otel} and {@code record}, and how the export went.
 * The standard {@code OTEL_*} variables are read first; these flags override them.
 */
final class OtelFlags {
  @Parameter(names = "--endpoint", description = "OTLP base URL (default: OTEL_EXPORTER_OTLP_ENDPOINT, else"
      + " http://localhost:4318, or http://localhost:4317 for grpc)")
  String endpoint;

  @Parameter(names = "--protocol", description = "OTLP protocol: http/protobuf or grpc (default:"
      + " OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf)")
  String protocol;

  @Parameter(names = "--header", description = "Extra request header K=V (repeatable)")
  List<String> headers = new ArrayList<>();

  @Parameter(names = "--relative-to-now", description = "Shift all timestamps so the log starts now")
  boolean relativeToNow;

  @Parameter(names = "--timeout", description = "OTLP request timeout in milliseconds, retries included"
      + " (default: OTEL_EXPORTER_OTLP_TIMEOUT, else 10000)")
  Long timeoutMillis;

  // No OTEL_* variable exists for these two.
  @Parameter(names = "--max-attempts", description = "Attempts per OTLP request: 1 (no retry) to 5 (default 5);"
      + " only 429, 502, 503, 504 and connection errors are retried")
  Integer maxAttempts;

  @Parameter(names = "--retry-backoff", description = "Milliseconds before the first OTLP retry, x1.5 per retry,"
      + " at most 5x (default 1000); a Retry-After answer overrides it")
  Long retryBackoffMillis;

  /**
   * @param logs whether to send one log record per strace event
   * @param env the {@code --env} mode given, or null: then no environment is exported (also with
   *     {@code --no-redact}, which changes what is hidden, not what is exported)
   */
  OtelOptions toOptions(CliContext context, String command, boolean logs, String env, RedactionFlags redaction) {
    OtelSdkLogging.silence();
    OtelOptions options = build(context.env(), logs, env, redaction);
    // OTEL_* values we could not use are said once here, for every command that exports
    options.warnings().forEach(w -> context.err().println("systrument " + command + ": warning: " + w));
    return options;
  }

  /** The exporter that sends to the endpoint; one it cannot send to (a bad URL, http/json) is a usage error. */
  static OtelExporter sender(OtelOptions options) {
    try {
      return OtelExporter.create(options);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private OtelOptions build(Map<String, String> environment, boolean logs, String env, RedactionFlags redaction) {
    OtelOptions.Builder b = OtelOptions.fromEnvironment(environment).toBuilder();
    try {
      if (endpoint != null) {
        b.endpoint(endpoint);
      }
      if (protocol != null) {
        OtelOptions.Protocol parsed = OtelOptions.Protocol.parse(protocol);
        if (parsed == null) {
          throw new UsageException("--protocol takes http/protobuf or grpc, not '" + protocol + "'");
        }
        b.protocol(parsed);
      }
      for (String header : headers) {
        int eq = header.indexOf('=');
        if (eq <= 0) {
          throw new UsageException("--header takes NAME=VALUE, not '" + header + "'");
        }
        b.header(header.substring(0, eq).strip(), header.substring(eq + 1).strip());
      }
      if (timeoutMillis != null) {
        b.timeout(Duration.ofMillis(timeoutMillis));
      }
      if (maxAttempts != null || retryBackoffMillis != null) {
        b.retry(maxAttempts != null ? maxAttempts : OtelOptions.DEFAULT_RETRY_MAX_ATTEMPTS,
            retryBackoffMillis != null ? Duration.ofMillis(retryBackoffMillis) : OtelOptions.DEFAULT_RETRY_INITIAL_BACKOFF);
      }
      Redaction.Env mode = env == null ? Redaction.Env.NONE : Redaction.Env.parse(env);
      b.relativeToNow(relativeToNow).logs(logs).redaction(redaction.apply(Redaction.DEFAULT.withEnv(mode)));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * Says on stderr how the export went, in one line naming where each signal went (so that which
   * variable or flag won is visible in every run): {@code OTLP traces to URL, logs to URL: 4 spans
   * exported, 0 failed; ...}, or when anything failed {@code systrument strace2otel: OTLP export
   * failed (traces to URL, logs to URL): 3 spans exported, 1 failed; ...; <the first error>}.
   *
   * @return whether everything was delivered; when not, the command exits with {@link ExitCode#PROBLEMS}
   */
  static boolean report(CliContext context, String command, OtelOptions options, ExportResult result) {
    String where = "traces to " + options.traces().target()
        + (options.logsEnabled() ? ", logs to " + options.logs().target() : "");
    return report(context, command, where, result);
  }

  /**
   * Commits {@code file} (an OTLP JSON Lines file being written by {@link OtelExporter#toJsonLines})
   * when everything was written, else deletes it: a file missing spans would pass for complete.
   * Says so on stderr in one line, like {@link #report}.
   */
  static boolean reportFile(CliContext context, String command, String path, AtomicOutput file, ExportResult result) {
    if (result.success()) {
      try {
        file.commit(); // the last buffered bytes go out now: this can fail too (disk full)
      } catch (java.io.IOException e) {
        result = new ExportResult(0, result.spansExported(), 0, result.logsExported(),
            "cannot write " + path + ": " + e.getMessage());
      }
    } else {
      try {
        file.close();
      } catch (java.io.IOException e) {
        // flushing what was buffered failed like the write before it: that error is in the result
      }
    }
    String where = "JSON Lines " + path + (result.success() ? "" : " not written"); // after "OTLP "
    return report(context, command, where, result);
  }

  private static boolean report(CliContext context, String command, String where, ExportResult result) {
    if (result.success()) {
      context.err().println("OTLP " + where + ": " + result.summary());
    } else {
      context.err().println("systrument " + command + ": OTLP export failed (" + where + "): " + result.summary());
    }
    return result.success();
  }
}
