package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import dev.systrument.model.Redaction;
import dev.systrument.otel.OtelOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenTelemetry options, shared by {@code strace2otel} and {@code record}. The standard {@code
 * OTEL_*} variables are read first; these flags override them.
 */
final class OtelFlags {
  @Parameter(names = "--endpoint", description = "OTLP base URL (default: OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318)")
  String endpoint;

  @Parameter(names = "--protocol", description = "OTLP protocol: http/protobuf (default)")
  String protocol;

  @Parameter(names = "--header", description = "Extra request header K=V (repeatable)")
  List<String> headers = new ArrayList<>();

  @Parameter(names = "--relative-to-now", description = "Shift all timestamps so the log starts now")
  boolean relativeToNow;

  /**
   * @param logs whether to send one log record per strace event
   * @param env the {@code --env} mode given, or null: then no environment is exported (also with
   *     {@code --no-redact}, which changes what is hidden, not what is exported)
   */
  OtelOptions toOptions(CliContext context, String command, boolean logs, String env, RedactionFlags redaction) {
    OtelOptions options = build(context.env(), logs, env, redaction);
    // OTEL_* values we could not use are said once here, for every command that exports
    options.warnings().forEach(w -> context.err().println("systrument " + command + ": warning: " + w));
    return options;
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
          throw new UsageException("--protocol takes http/protobuf (or grpc, http/json, which are refused with a reason), not '"
              + protocol + "'");
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
      Redaction.Env mode = env == null ? Redaction.Env.NONE : Redaction.Env.parse(env);
      b.relativeToNow(relativeToNow).logs(logs).redaction(redaction.apply(Redaction.DEFAULT.withEnv(mode)));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
