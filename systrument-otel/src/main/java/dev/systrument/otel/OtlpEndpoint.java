package dev.systrument.otel;

import dev.systrument.otel.OtelOptions.Protocol;
import dev.systrument.otel.OtelOptions.Signal;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Builds the SDK's OTLP/HTTP exporters for one {@link Signal}, after checking that we can serve it.
 *
 * <p>Only {@code http/protobuf} is supported. The SDK's gRPC exporter needs a {@code
 * GrpcSenderProvider}, which only OkHttp ({@code opentelemetry-exporter-sender-okhttp}) or grpc-java
 * provide; the JDK sender we use speaks HTTP only (checked by {@code OtlpEndpointTest}). {@code
 * http/json} has no public SDK exporter.
 *
 * <p>Retries: the JDK sender retries status 429, 502, 503, 504 and I/O errors (connection refused
 * included) with exponential backoff, waits what {@code Retry-After} asks (seconds or HTTP date)
 * instead of the backoff when the server sends it, and stops at the request's timeout, which
 * covers all attempts (read from the 1.68 sender). So the retry rules of the OTLP spec are the SDK's;
 * we only set the policy explicitly.
 */
final class OtlpEndpoint {
  private OtlpEndpoint() {}

  /** Why {@code url} cannot be an OTLP/HTTP endpoint, or null when it can. */
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
    if (signal.protocol() == Protocol.GRPC) {
      throw new IllegalArgumentException("OTLP protocol grpc is not supported (" + what + " to " + signal.endpoint()
          + "): the OpenTelemetry Java SDK sends gRPC only through OkHttp or grpc-java, which systrument does not"
          + " bundle; use http/protobuf (the collector's OTLP/HTTP port, usually 4318)");
    }
    if (signal.protocol() == Protocol.HTTP_JSON) {
      throw new IllegalArgumentException("OTLP protocol http/json is not supported (" + what + " to "
          + signal.endpoint() + "); use http/protobuf");
    }
    String problem = problem(signal.endpoint());
    if (problem != null) {
      throw new IllegalArgumentException("invalid OTLP endpoint for " + what + " '" + signal.endpoint() + "': " + problem);
    }
  }

  static SpanExporter spanExporter(Signal signal, RetryPolicy retry) {
    OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
        .setEndpoint(signal.endpoint())
        .setTimeout(signal.timeout())
        .setConnectTimeout(connectTimeout(signal.timeout()))
        .setCompression(signal.compression())
        .setRetryPolicy(retry)
        .setMeterProvider(MeterProvider.noop());
    signal.headers().forEach(b::addHeader);
    return b.build();
  }

  static LogRecordExporter logExporter(Signal signal, RetryPolicy retry) {
    OtlpHttpLogRecordExporterBuilder b = OtlpHttpLogRecordExporter.builder()
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

  static RetryPolicy retryPolicy(int maxAttempts, Duration initialBackoff) {
    return RetryPolicy.builder()
        .setMaxAttempts(maxAttempts)
        .setInitialBackoff(initialBackoff)
        .setMaxBackoff(initialBackoff.multipliedBy(5))
        .setBackoffMultiplier(1.5)
        .build();
  }
}
