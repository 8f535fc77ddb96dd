package dev.systrument.otel;

import dev.systrument.otel.OtelOptions.Protocol;
import dev.systrument.otel.OtelOptions.Signal;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Builds the SDK's OTLP exporters for one {@link Signal}, after checking that we can serve it:
 * {@code http/protobuf} through the SDK's JDK sender, {@code grpc} through its OkHttp sender ({@link
 * PartialSuccessCapture} picks them). {@code http/json} has no public SDK exporter.
 *
 * <p>gRPC retries are the OkHttp sender's: the SDK's retryable gRPC codes (CANCELLED,
 * DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS) and I/O
 * errors, with the same backoff and the same timeout over all attempts (checked by {@code
 * GrpcExportFaultsTest}).
 *
 * <p>HTTP retries are the SDK's JDK sender's (read from its 1.68 code, checked by {@code
 * ExportFaultsTest}), and they are what the OTLP spec asks: status 429, 502, 503 and 504 are
 * retried, every other 4xx/5xx is not; I/O errors are retried (connection refused, reset, closed
 * before the answer, an attempt's timeout) except TLS errors. Between attempts it waits what {@code
 * Retry-After} says (seconds or HTTP date) when the answer has one, else the exponential backoff
 * with ±20% jitter. The request's timeout covers all attempts: each attempt gets what is left of it,
 * a wait is cut at it, and when it is used up the last answer or error is the result (so a {@code
 * Retry-After: 60} with a 10 s timeout fails after 10 s). We therefore keep the SDK's sender and only
 * wrap it to read partial success ({@link PartialSuccessCapture}), which the SDK ignores.
 */
final class OtlpEndpoint {
  private OtlpEndpoint() {}

  /** Why {@code url} cannot be an OTLP endpoint (HTTP or gRPC: both take http(s) URLs), or null when it can. */
  static String problem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "not a URL (" + e.getReason() + ")";
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return "expected an http:// or https:// URL";
    }
    if (uri.getHost() == null) {
      return "no host in URL";
    }
    return null;
  }

  /** Throws a message naming what to use instead when {@code signal} cannot be sent. */
  static void checkSupported(String what, Signal signal) {
    if (signal.protocol() == Protocol.HTTP_JSON) {
      throw new IllegalArgumentException("OTLP protocol http/json is not supported (" + what + " to "
          + signal.endpoint() + "): the OpenTelemetry Java SDK has no exporter for it; use http/protobuf or grpc");
    }
    String problem = problem(signal.endpoint());
    if (problem != null) {
      throw new IllegalArgumentException("invalid OTLP endpoint for " + what + " '" + signal.endpoint() + "': " + problem);
    }
  }

  // The four builder chains below set the same eight things on purpose. The SDK's four OTLP builders
  // are final classes with no common supertype (their shared HttpExporterBuilder/GrpcExporterBuilder
  // is internal and not reachable from them), so one shared method would need each setter passed in
  // as a function: eight method references per call, longer than the chain it replaces and harder
  // to check against the SDK's API. What they set is decided once, in Signal and connectTimeout.
  static SpanExporter spanExporter(Signal signal, RetryPolicy retry, PartialSuccessCapture capture) {
    if (signal.protocol() == Protocol.GRPC) {
      OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder()
          .setComponentLoader(capture)
          .setEndpoint(signal.endpoint())
          .setTimeout(signal.timeout())
          .setConnectTimeout(connectTimeout(signal.timeout()))
          .setCompression(signal.compression())
          .setRetryPolicy(retry)
          .setMeterProvider(MeterProvider.noop());
      signal.headers().forEach(b::addHeader);
      return b.build();
    }
    OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
        .setComponentLoader(capture)
        .setEndpoint(signal.endpoint())
        .setTimeout(signal.timeout())
        .setConnectTimeout(connectTimeout(signal.timeout()))
        .setCompression(signal.compression())
        .setRetryPolicy(retry)
        .setMeterProvider(MeterProvider.noop());
    signal.headers().forEach(b::addHeader);
    return b.build();
  }

  static LogRecordExporter logExporter(Signal signal, RetryPolicy retry, PartialSuccessCapture capture) {
    if (signal.protocol() == Protocol.GRPC) {
      OtlpGrpcLogRecordExporterBuilder b = OtlpGrpcLogRecordExporter.builder()
          .setComponentLoader(capture)
          .setEndpoint(signal.endpoint())
          .setTimeout(signal.timeout())
          .setConnectTimeout(connectTimeout(signal.timeout()))
          .setCompression(signal.compression())
          .setRetryPolicy(retry)
          .setMeterProvider(MeterProvider.noop());
      signal.headers().forEach(b::addHeader);
      return b.build();
    }
    OtlpHttpLogRecordExporterBuilder b = OtlpHttpLogRecordExporter.builder()
        .setComponentLoader(capture)
        .setEndpoint(signal.endpoint())
        .setTimeout(signal.timeout())
        .setConnectTimeout(connectTimeout(signal.timeout()))
        .setCompression(signal.compression())
        .setRetryPolicy(retry)
        .setMeterProvider(MeterProvider.noop());
    signal.headers().forEach(b::addHeader);
    return b.build();
  }

  /** The SDK's connect timeout defaults to 10 s; never let it exceed the whole request's deadline. */
  private static Duration connectTimeout(Duration timeout) {
    Duration tenSeconds = Duration.ofSeconds(10);
    return timeout.compareTo(tenSeconds) < 0 ? timeout : tenSeconds;
  }

  /**
   * The SDK's policy for {@code maxAttempts} (1 to 5) attempts per request: backoff {@code
   * initialBackoff}, then ×1.5 each retry, at most 5 × {@code initialBackoff} (the SDK's defaults for
   * 1 s). Null for one attempt: the SDK's policy refuses fewer than 2, and null means "no retries".
   */
  static RetryPolicy retryPolicy(int maxAttempts, Duration initialBackoff) {
    if (maxAttempts == 1) {
      return null;
    }
    return RetryPolicy.builder()
        .setMaxAttempts(maxAttempts)
        .setInitialBackoff(initialBackoff)
        .setMaxBackoff(initialBackoff.multipliedBy(5))
        .setBackoffMultiplier(1.5)
        .build();
  }
}
