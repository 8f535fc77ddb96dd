package dev.systrument.otel;

import dev.systrument.otel.OtelOptions.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the standard {@code OTEL_*} variables (and {@code TRACEPARENT}/{@code TRACESTATE}) into an
 * {@link OtelOptions.Builder}. A per-signal variable ({@code OTEL_EXPORTER_OTLP_TRACES_HEADERS})
 * replaces the general one ({@code OTEL_EXPORTER_OTLP_HEADERS}) for that signal, as in the
 * OpenTelemetry SDKs. Invalid values become warnings, never exceptions.
 */
final class EnvironmentConfig {
  private static final String PREFIX = "OTEL_EXPORTER_OTLP_";

  private final Map<String, String> env;

  EnvironmentConfig(Map<String, String> env) {
    this.env = env;
  }

  OtelOptions.Builder apply(OtelOptions.Builder b) {
    String base = value(PREFIX + "ENDPOINT");
    if (base != null && checkUrl(b, PREFIX + "ENDPOINT", base)) {
      b.endpoint(base);
    }
    String tracesUrl = value(PREFIX + "TRACES_ENDPOINT");
    if (tracesUrl != null && checkUrl(b, PREFIX + "TRACES_ENDPOINT", tracesUrl)) {
      b.tracesEndpoint(tracesUrl);
    }
    String logsUrl = value(PREFIX + "LOGS_ENDPOINT");
    if (logsUrl != null && checkUrl(b, PREFIX + "LOGS_ENDPOINT", logsUrl)) {
      b.logsEndpoint(logsUrl);
    }

    Protocol protocol = protocol(b, "PROTOCOL");
    Protocol tracesProtocol = protocol(b, "TRACES_PROTOCOL");
    Protocol logsProtocol = protocol(b, "LOGS_PROTOCOL");
    b.tracesProtocol(first(tracesProtocol, protocol, Protocol.HTTP_PROTOBUF));
    b.logsProtocol(first(logsProtocol, protocol, Protocol.HTTP_PROTOBUF));

    Map<String, String> headers = headers(b, "HEADERS");
    Map<String, String> tracesHeaders = headers(b, "TRACES_HEADERS");
    Map<String, String> logsHeaders = headers(b, "LOGS_HEADERS");
    b.tracesHeaders(first(tracesHeaders, headers, Map.of()));
    b.logsHeaders(first(logsHeaders, headers, Map.of()));

    Duration timeout = timeout(b, "TIMEOUT");
    b.tracesTimeout(first(timeout(b, "TRACES_TIMEOUT"), timeout, OtelOptions.DEFAULT_TIMEOUT));
    b.logsTimeout(first(timeout(b, "LOGS_TIMEOUT"), timeout, OtelOptions.DEFAULT_TIMEOUT));

    String compression = compression(b, "COMPRESSION");
    b.tracesCompression(first(compression(b, "TRACES_COMPRESSION"), compression, "none"));
    b.logsCompression(first(compression(b, "LOGS_COMPRESSION"), compression, "none"));

    // OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES (spec).
    String attributes = value("OTEL_RESOURCE_ATTRIBUTES");
    if (attributes != null) {
      Map<String, String> parsed = keyValueList(b, "OTEL_RESOURCE_ATTRIBUTES", attributes);
      parsed.forEach(b::resourceAttribute);
    }
    String serviceName = value("OTEL_SERVICE_NAME");
    if (serviceName != null) {
      b.serviceName(serviceName);
    }

    String traceParent = value("TRACEPARENT");
    if (traceParent != null) {
      b.parentContext(traceParent, value("TRACESTATE"));
    }
    return b;
  }

  /** The variable's value, trimmed; null when unset or blank (blank means unset in the spec). */
  private String value(String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    return v.trim();
  }

  private static boolean checkUrl(OtelOptions.Builder b, String name, String url) {
    String problem = OtlpEndpoint.problem(url);
    if (problem != null) {
      b.warning(name + "=" + url + " ignored: " + problem);
      return false;
    }
    return true;
  }

  private Protocol protocol(OtelOptions.Builder b, String suffix) {
    String v = value(PREFIX + suffix);
    if (v == null) {
      return null;
    }
    Protocol p = Protocol.parse(v);
    if (p == null) {
      b.warning(PREFIX + suffix + "=" + v + " ignored: expected http/protobuf, http/json or grpc");
    }
    return p;
  }

  private Map<String, String> headers(OtelOptions.Builder b, String suffix) {
    String v = value(PREFIX + suffix);
    return v == null ? null : keyValueList(b, PREFIX + suffix, v);
  }

  private Duration timeout(OtelOptions.Builder b, String suffix) {
    String v = value(PREFIX + suffix);
    if (v == null) {
      return null;
    }
    try {
      long millis = Long.parseLong(v);
      if (millis > 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // fall through to the warning
    }
    b.warning(PREFIX + suffix + "=" + v + " ignored: expected a positive number of milliseconds");
    return null;
  }

  private String compression(OtelOptions.Builder b, String suffix) {
    String v = value(PREFIX + suffix);
    if (v == null) {
      return null;
    }
    String c = OtelOptions.normalizeCompression(v);
    if (c == null) {
      b.warning(PREFIX + suffix + "=" + v + " ignored: expected gzip or none");
    }
    return c;
  }

  @SafeVarargs
  private static <T> T first(T... candidates) {
    for (T c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /**
   * {@code k=v,k2=v2} as in {@code OTEL_EXPORTER_OTLP_HEADERS} and {@code OTEL_RESOURCE_ATTRIBUTES}
   * (the W3C baggage format): entries separated by commas, keys and values trimmed, values
   * percent-decoded ({@code Authorization=Basic%20dXNlcjpwdw==} gives {@code Basic dXNlcjpwdw==}).
   * Only {@code %XX} is decoded, not {@code +}: tokens are often base64, where {@code +} is data.
   */
  static Map<String, String> keyValueList(OtelOptions.Builder b, String name, String text) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String key = eq > 0 ? entry.substring(0, eq).trim() : "";
      if (key.isEmpty()) {
        b.warning(name + ": entry '" + entry.trim() + "' ignored: expected key=value");
        continue;
      }
      String value = percentDecode(entry.substring(eq + 1).trim());
      if (value == null) {
        b.warning(name + ": value of '" + key + "' ignored: invalid percent-encoding");
        continue;
      }
      result.put(key, value);
    }
    return result;
  }

  /** Decodes {@code %XX} escapes as UTF-8; null when an escape is malformed. */
  static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte c = bytes[i];
      if (c != '%') {
        out.write(c);
        continue;
      }
      if (i + 2 >= bytes.length) {
        return null;
      }
      int hi = Character.digit(bytes[i + 1], 16);
      int lo = Character.digit(bytes[i + 2], 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out.write(hi << 4 | lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
