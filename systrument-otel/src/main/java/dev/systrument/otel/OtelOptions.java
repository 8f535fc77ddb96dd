package dev.systrument.otel;

import dev.systrument.model.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link OtelExporter} needs to know: where to send (per signal), how, and what to put
 * in the spans and log records. Immutable; build with {@link #builder()} or start from {@link
 * #fromEnvironment} and override with {@link #toBuilder()} (CLI flags win over variables).
 *
 * <p>Invalid values read from the environment do not throw: as the OpenTelemetry configuration
 * spec asks, they are ignored with a message in {@link #warnings()}, for the caller to print.
 */
public final class OtelOptions {

  /** Default OTLP/HTTP base URL (the collector's OTLP/HTTP port). */
  public static final String DEFAULT_ENDPOINT = "http://localhost:4318";

  /** Default OTLP/gRPC endpoint (the collector's OTLP/gRPC port), used when the protocol is grpc. */
  public static final String DEFAULT_GRPC_ENDPOINT = "http://localhost:4317";

  public static final String DEFAULT_SERVICE_NAME = "systrument";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Attempts per export request: the first and four retries (the SDK's default). */
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 5;

  /** The SDK's retry policy allows at most 5 attempts. */
  public static final int MAX_RETRY_ATTEMPTS = 5;

  /** Wait before the first retry (the SDK's default); ×1.5 per retry, at most 5 s. */
  public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** OTLP transport protocols as spelled in {@code OTEL_EXPORTER_OTLP_PROTOCOL}. */
  public enum Protocol {
    HTTP_PROTOBUF("http/protobuf"),
    HTTP_JSON("http/json"),
    GRPC("grpc");

    private final String text;

    Protocol(String text) {
      this.text = text;
    }

    /** The spelling of the spec: {@code http/protobuf}, {@code http/json}, {@code grpc}. */
    public String text() {
      return text;
    }

    /** The protocol spelled {@code text} (case-insensitive), or null when there is none. */
    public static Protocol parse(String text) {
      String lower = text.trim().toLowerCase(Locale.ROOT);
      for (Protocol p : values()) {
        if (p.text.equals(lower)) {
          return p;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * How one signal (traces or logs) is sent.
   *
   * @param endpoint for http/protobuf the full URL requests are POSTed to ({@code
   *     http://localhost:4318/v1/traces}); for grpc the server's URL ({@code http://localhost:4317}),
   *     to which gRPC adds the service's method
   * @param protocol the transport; {@link Protocol#HTTP_PROTOBUF} or {@link Protocol#GRPC} (see
   *     {@link OtelExporter#create})
   * @param headers extra request headers ({@code Authorization}, {@code x-honeycomb-team})
   * @param timeout deadline of one export request, retries included
   * @param compression {@code gzip} or {@code none}
   */
  public record Signal(
      String endpoint, Protocol protocol, Map<String, String> headers, Duration timeout, String compression) {
    public Signal {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(protocol, "protocol");
      headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(compression, "compression");
    }

    /**
     * Where this signal goes, for messages: the URL, followed by {@code (grpc)} for gRPC, whose URL
     * has no path telling the two signals apart.
     */
    public String target() {
      return protocol == Protocol.GRPC ? endpoint + " (grpc)" : endpoint;
    }

    /** Header values are secrets (API keys): names only. */
    @Override
    public String toString() {
      return "Signal[" + endpoint + " " + protocol + " headers=" + headers.keySet() + " timeout=" + timeout
          + " compression=" + compression + "]";
    }
  }

  private final Signal traces;
  private final Signal logs;
  /** What was set, before defaults: {@link #toBuilder()} must let a later protocol change the default endpoint. */
  private final String baseEndpoint;
  private final String tracesEndpoint;
  private final String logsEndpoint;
  private final String serviceName;
  private final boolean serviceNameGiven;
  private final Map<String, String> resourceAttributes;
  private final boolean logsEnabled;
  private final Redaction redaction;
  private final boolean relativeToNow;
  private final String traceParent;
  private final String traceState;
  private final List<String> warnings;
  // Tuning knobs: package-private, for tests that need small queues.
  final int spanBatchSize;
  final int logBatchSize;
  final int queueCapacity;
  final Duration retryInitialBackoff;
  final int retryMaxAttempts;

  private OtelOptions(Builder b) {
    this.traces = b.traces.build(b.baseEndpoint, "v1/traces");
    this.logs = b.logs.build(b.baseEndpoint, "v1/logs");
    this.baseEndpoint = b.baseEndpoint;
    this.tracesEndpoint = b.traces.endpoint;
    this.logsEndpoint = b.logs.endpoint;
    this.serviceName = b.serviceName;
    this.serviceNameGiven = b.serviceNameGiven;
    this.resourceAttributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.resourceAttributes));
    this.logsEnabled = b.logsEnabled;
    this.redaction = b.redaction;
    this.relativeToNow = b.relativeToNow;
    this.traceParent = b.traceParent;
    this.traceState = b.traceState;
    this.warnings = List.copyOf(b.warnings);
    this.spanBatchSize = b.spanBatchSize;
    this.logBatchSize = b.logBatchSize;
    this.queueCapacity = b.queueCapacity;
    this.retryInitialBackoff = b.retryInitialBackoff;
    this.retryMaxAttempts = b.retryMaxAttempts;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from the standard OpenTelemetry variables (pass {@code System.getenv()}): {@code
   * OTEL_EXPORTER_OTLP_ENDPOINT} (base URL, {@code /v1/traces} and {@code /v1/logs} appended),
   * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}/{@code _LOGS_ENDPOINT} (used as is), {@code
   * OTEL_EXPORTER_OTLP_[TRACES_|LOGS_]PROTOCOL}, {@code _HEADERS}, {@code _TIMEOUT}
   * (milliseconds), {@code _COMPRESSION}, {@code OTEL_SERVICE_NAME}, {@code
   * OTEL_RESOURCE_ATTRIBUTES}, and {@code TRACEPARENT}/{@code TRACESTATE} (the W3C context the
   * root span joins, as otel-cli reads them).
   */
  public static OtelOptions fromEnvironment(Map<String, String> env) {
    return new EnvironmentConfig(env).apply(builder()).build();
  }

  /** A builder holding these options, to override some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseEndpoint = baseEndpoint;
    b.traces = SignalBuilder.of(traces, tracesEndpoint);
    b.logs = SignalBuilder.of(logs, logsEndpoint);
    b.serviceName = serviceName;
    b.serviceNameGiven = serviceNameGiven;
    b.resourceAttributes.putAll(resourceAttributes);
    b.logsEnabled = logsEnabled;
    b.redaction = redaction;
    b.relativeToNow = relativeToNow;
    b.traceParent = traceParent;
    b.traceState = traceState;
    b.warnings.addAll(warnings);
    b.spanBatchSize = spanBatchSize;
    b.logBatchSize = logBatchSize;
    b.queueCapacity = queueCapacity;
    b.retryInitialBackoff = retryInitialBackoff;
    b.retryMaxAttempts = retryMaxAttempts;
    return b;
  }

  public Signal traces() {
    return traces;
  }

  public Signal logs() {
    return logs;
  }

  /**
   * {@code service.name} of every resource when {@link #serviceNameGiven()}; else only of the
   * synthetic root's, each process's being its program ({@code gcc}). {@code systrument} by default.
   */
  public String serviceName() {
    return serviceName;
  }

  /**
   * Whether a service name was set ({@code OTEL_SERVICE_NAME}, {@code service.name} in {@code
   * OTEL_RESOURCE_ATTRIBUTES}, {@link Builder#serviceName}): then all spans and log records are of
   * that one service; else each process is a service named after its program (docs/otel.md).
   */
  public boolean serviceNameGiven() {
    return serviceNameGiven;
  }

  /** Further resource attributes ({@code OTEL_RESOURCE_ATTRIBUTES}), in the order given. */
  public Map<String, String> resourceAttributes() {
    return resourceAttributes;
  }

  /** Whether every strace event is exported as a log record ({@code --logs}). */
  public boolean logsEnabled() {
    return logsEnabled;
  }

  /**
   * What spans and log records hide of argv and environments, and whether exec environments
   * become span attributes at all (docs/redaction.md). By default argv is redacted and no
   * environment is exported ({@link Redaction.Env#NONE}).
   */
  public Redaction redaction() {
    return redaction;
  }

  /** Whether timestamps are shifted so that the log starts now ({@code --relative-to-now}). */
  public boolean relativeToNow() {
    return relativeToNow;
  }

  /** W3C {@code traceparent} the root span continues, or null. */
  public String traceParent() {
    return traceParent;
  }

  /** W3C {@code tracestate} that goes with {@link #traceParent()}, or null. */
  public String traceState() {
    return traceState;
  }

  /** Configuration values that were ignored, one message each, for the caller to print. */
  public List<String> warnings() {
    if (traceParent != null && !ParentContext.parse(traceParent, traceState).isValid()) {
      List<String> all = new ArrayList<>(warnings);
      all.add("TRACEPARENT=" + traceParent + " ignored: not a valid W3C traceparent"
          + " (00-<32 hex trace id>-<16 hex span id>-<2 hex flags>); the trace starts fresh");
      return List.copyOf(all);
    }
    return warnings;
  }

  @Override
  public String toString() {
    // Header values are secrets (API keys): names only.
    return "OtelOptions{traces=" + traces.endpoint() + " " + traces.protocol() + " headers=" + traces.headers().keySet()
        + ", logs=" + (logsEnabled ? logs.endpoint() + " " + logs.protocol() : "off")
        + ", service=" + serviceName + ", env=" + redaction.env() + ", redact=" + redaction.enabled()
        + ", relativeToNow=" + relativeToNow + "}";
  }

  /** Mutable settings of one signal; a null endpoint falls back to the base endpoint / the protocol's default. */
  static final class SignalBuilder {
    /** The signal's own endpoint ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}), or null. */
    String endpoint;
    Protocol protocol = Protocol.HTTP_PROTOBUF;
    final Map<String, String> headers = new LinkedHashMap<>();
    Duration timeout = DEFAULT_TIMEOUT;
    String compression = "none";

    static SignalBuilder of(Signal s, String ownEndpoint) {
      SignalBuilder b = new SignalBuilder();
      b.endpoint = ownEndpoint;
      b.protocol = s.protocol();
      b.headers.putAll(s.headers());
      b.timeout = s.timeout();
      b.compression = s.compression();
      return b;
    }

    /**
     * As the spec says for {@code OTEL_EXPORTER_OTLP_ENDPOINT}: with http/protobuf the base URL gets
     * the signal's path ({@code v1/traces}), with grpc it is used as is; without one, the protocol's
     * default port (4318 or 4317).
     */
    Signal build(String baseEndpoint, String path) {
      String url;
      if (endpoint != null) {
        url = endpoint;
      } else if (protocol == Protocol.GRPC) {
        url = baseEndpoint != null ? baseEndpoint : DEFAULT_GRPC_ENDPOINT;
      } else {
        url = appendPath(baseEndpoint != null ? baseEndpoint : DEFAULT_ENDPOINT, path);
      }
      return new Signal(url, protocol, headers, timeout, compression);
    }

    /** {@code http://host:4318} + {@code v1/traces}, with exactly one slash between. */
    static String appendPath(String base, String path) {
      return base.endsWith("/") ? base + path : base + "/" + path;
    }
  }

  /** Builder; every setter overrides what was there (environment values included). */
  public static final class Builder {
    /** Null: the protocol's default. */
    private String baseEndpoint;
    private SignalBuilder traces = new SignalBuilder();
    private SignalBuilder logs = new SignalBuilder();
    private String serviceName = DEFAULT_SERVICE_NAME;
    private boolean serviceNameGiven;
    private final Map<String, String> resourceAttributes = new LinkedHashMap<>();
    private boolean logsEnabled;
    private Redaction redaction = Redaction.DEFAULT.withEnv(Redaction.Env.NONE);
    private boolean relativeToNow;
    private String traceParent;
    private String traceState;
    private final List<String> warnings = new ArrayList<>();
    private int spanBatchSize = 512;
    private int logBatchSize = 2048;
    private int queueCapacity = 8192;
    private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;
    private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;

    private Builder() {}

    /**
     * OTLP base URL ({@code --endpoint}): with http/protobuf traces go to {@code URL/v1/traces}, logs
     * to {@code URL/v1/logs}; with grpc both go to {@code URL}. Replaces any per-signal endpoint.
     */
    public Builder endpoint(String baseUrl) {
      this.baseEndpoint = Objects.requireNonNull(baseUrl, "baseUrl");
      traces.endpoint = null;
      logs.endpoint = null;
      return this;
    }

    /** Full URL for traces, used as is ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}). */
    public Builder tracesEndpoint(String url) {
      traces.endpoint = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Full URL for logs, used as is ({@code OTEL_EXPORTER_OTLP_LOGS_ENDPOINT}). */
    public Builder logsEndpoint(String url) {
      logs.endpoint = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Transport for both signals ({@code --protocol}). */
    public Builder protocol(Protocol protocol) {
      traces.protocol = Objects.requireNonNull(protocol, "protocol");
      logs.protocol = protocol;
      return this;
    }

    Builder tracesProtocol(Protocol protocol) {
      traces.protocol = protocol;
      return this;
    }

    Builder logsProtocol(Protocol protocol) {
      logs.protocol = protocol;
      return this;
    }

    /** Adds (or replaces) a request header for both signals ({@code --header K=V}). */
    public Builder header(String name, String value) {
      traces.headers.put(name, value);
      logs.headers.put(name, value);
      return this;
    }

    Builder tracesHeaders(Map<String, String> headers) {
      traces.headers.clear();
      traces.headers.putAll(headers);
      return this;
    }

    Builder logsHeaders(Map<String, String> headers) {
      logs.headers.clear();
      logs.headers.putAll(headers);
      return this;
    }

    /**
     * Deadline of one export request, retries included, for both signals ({@code
     * OTEL_EXPORTER_OTLP_TIMEOUT}); 10 s by default.
     *
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("OTLP timeout must be positive, not " + timeout.toMillis() + " ms");
      }
      traces.timeout = timeout;
      logs.timeout = timeout;
      return this;
    }

    Builder tracesTimeout(Duration timeout) {
      traces.timeout = timeout;
      return this;
    }

    Builder logsTimeout(Duration timeout) {
      logs.timeout = timeout;
      return this;
    }

    /** {@code gzip} or {@code none}, for both signals. */
    public Builder compression(String compression) {
      String c = normalizeCompression(compression);
      if (c == null) {
        throw new IllegalArgumentException("compression must be gzip or none, not '" + compression + "'");
      }
      traces.compression = c;
      logs.compression = c;
      return this;
    }

    Builder tracesCompression(String compression) {
      traces.compression = compression;
      return this;
    }

    Builder logsCompression(String compression) {
      logs.compression = compression;
      return this;
    }

    public Builder serviceName(String serviceName) {
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
      this.serviceNameGiven = true;
      return this;
    }

    /** Adds (or replaces) a resource attribute; {@code service.name} here sets {@link #serviceName}. */
    public Builder resourceAttribute(String key, String value) {
      if (key.equals("service.name")) {
        return serviceName(value);
      }
      resourceAttributes.put(key, value);
      return this;
    }

    /** Export one log record per strace event ({@code --logs}); off by default. */
    public Builder logs(boolean enabled) {
      this.logsEnabled = enabled;
      return this;
    }

    /**
     * What to hide and whether to export exec environments ({@code --env}, {@code --no-redact});
     * by default argv is redacted and environments are not exported.
     */
    public Builder redaction(Redaction redaction) {
      this.redaction = Objects.requireNonNull(redaction, "redaction");
      return this;
    }

    /** Shift every timestamp so that the log starts now, durations preserved. */
    public Builder relativeToNow(boolean relativeToNow) {
      this.relativeToNow = relativeToNow;
      return this;
    }

    /**
     * Parent context of the root span: a W3C {@code traceparent} ({@code
     * 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}) and optional {@code tracestate};
     * null for a new trace. An invalid traceparent is ignored with a warning.
     */
    public Builder parentContext(String traceParent, String traceState) {
      this.traceParent = traceParent;
      this.traceState = traceState;
      return this;
    }

    Builder warning(String message) {
      warnings.add(message);
      return this;
    }

    Builder batchSizes(int spans, int logs) {
      this.spanBatchSize = spans;
      this.logBatchSize = logs;
      return this;
    }

    Builder queueCapacity(int items) {
      this.queueCapacity = items;
      return this;
    }

    /**
     * Attempts per export request, 1 (no retry) to 5 (the default), and the wait before the first
     * retry (1 s by default), ×1.5 for each further retry, at most 5 × {@code initialBackoff}. A
     * {@code Retry-After} in the answer replaces the wait; the {@link #timeout} covers all attempts.
     * Only 429, 502, 503, 504 and I/O errors are retried (OTLP spec). No standard variable exists.
     *
     * @throws IllegalArgumentException when {@code maxAttempts} is not 1 to 5 or the backoff is not positive
     */
    public Builder retry(int maxAttempts, Duration initialBackoff) {
      if (maxAttempts < 1 || maxAttempts > MAX_RETRY_ATTEMPTS) {
        throw new IllegalArgumentException("OTLP attempts per request must be 1 (no retry) to " + MAX_RETRY_ATTEMPTS
            + ", not " + maxAttempts);
      }
      if (initialBackoff.isNegative() || initialBackoff.isZero()) {
        throw new IllegalArgumentException("OTLP retry backoff must be positive, not " + initialBackoff.toMillis() + " ms");
      }
      this.retryMaxAttempts = maxAttempts;
      this.retryInitialBackoff = initialBackoff;
      return this;
    }

    public OtelOptions build() {
      return new OtelOptions(this);
    }
  }

  /** {@code gzip}/{@code none} in any case, or null for anything else. */
  static String normalizeCompression(String text) {
    String c = text.trim().toLowerCase(Locale.ROOT);
    return c.equals("gzip") || c.equals("none") ? c : null;
  }
}
