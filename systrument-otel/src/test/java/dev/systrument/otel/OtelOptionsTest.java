package dev.systrument.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systrument.model.Redaction;
import dev.systrument.otel.OtelOptions.Protocol;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from the standard OTEL_* variables, overridden by explicit (CLI) values. */
class OtelOptionsTest {

  @Test
  void defaultsFollowTheOtlpSpecNotTheJavaAutoconfigure() {
    OtelOptions o = OtelOptions.fromEnvironment(Map.of());
    assertThat(o.traces().endpoint()).isEqualTo("http://localhost:4318/v1/traces");
    assertThat(o.logs().endpoint()).isEqualTo("http://localhost:4318/v1/logs");
    assertThat(o.traces().protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);
    assertThat(o.traces().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.traces().compression()).isEqualTo("none");
    assertThat(o.traces().headers()).isEmpty();
    assertThat(o.serviceName()).isEqualTo("systrument");
    assertThat(o.logsEnabled()).isFalse();
    assertThat(o.redaction()).isEqualTo(new Redaction(Redaction.Env.NONE, true));
    assertThat(o.relativeToNow()).isFalse();
    assertThat(o.traceParent()).isNull();
    assertThat(o.warnings()).isEmpty();
  }

  @Test
  void baseEndpointGetsTheSignalPathsAndSignalEndpointsAreUsedAsIs() {
    OtelOptions o = OtelOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector.example:4318/",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://loki.example:3100/otlp/v1/logs"));
    assertThat(o.traces().endpoint()).isEqualTo("https://collector.example:4318/v1/traces");
    assertThat(o.logs().endpoint()).isEqualTo("http://loki.example:3100/otlp/v1/logs");

    OtelOptions tracesOnly = OtelOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4318/v1/traces"));
    assertThat(tracesOnly.traces().endpoint()).isEqualTo("http://tempo:4318/v1/traces");
    assertThat(tracesOnly.logs().endpoint()).isEqualTo("http://localhost:4318/v1/logs");
  }

  @Test
  void headersArePercentDecodedAndSignalHeadersReplaceTheGeneralOnes() {
    OtelOptions o = OtelOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic%20dXNlcjpw+d2Q=, x-team = blue",
        "OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-scope-orgid=tenant%2F1"));
    // '+' is data in base64 tokens: only %XX is decoded; '=' inside a value is kept.
    assertThat(o.traces().headers()).containsExactly(
        Map.entry("Authorization", "Basic dXNlcjpw+d2Q="), Map.entry("x-team", "blue"));
    assertThat(o.logs().headers()).containsExactly(Map.entry("x-scope-orgid", "tenant/1"));
  }

  @Test
  void timeoutCompressionAndProtocolPerSignal() {
    OtelOptions o = OtelOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_TIMEOUT", "2500",
        "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT", "30000",
        "OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"));
    assertThat(o.traces().timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(o.logs().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.traces().compression()).isEqualTo("gzip");
    assertThat(o.logs().compression()).isEqualTo("gzip");
    assertThat(o.traces().protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);
    assertThat(o.logs().protocol()).isEqualTo(Protocol.GRPC);
    assertThat(o.warnings()).isEmpty();
  }

  @Test
  void invalidValuesAreIgnoredWithAWarning() {
    OtelOptions o = OtelOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318",
        "OTEL_EXPORTER_OTLP_TIMEOUT", "10s",
        "OTEL_EXPORTER_OTLP_COMPRESSION", "zstd",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "thrift",
        "OTEL_EXPORTER_OTLP_HEADERS", "novalue,k=%zz",
        "TRACEPARENT", "00-not-a-trace-01"));
    assertThat(o.traces().endpoint()).isEqualTo("http://localhost:4318/v1/traces");
    assertThat(o.traces().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.traces().compression()).isEqualTo("none");
    assertThat(o.traces().protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);
    assertThat(o.traces().headers()).isEmpty();
    assertThat(o.warnings()).hasSize(7).anySatisfy(w -> assertThat(w).startsWith("OTEL_EXPORTER_OTLP_ENDPOINT="))
        .anySatisfy(w -> assertThat(w).startsWith("OTEL_EXPORTER_OTLP_TIMEOUT=10s ignored"))
        .anySatisfy(w -> assertThat(w).startsWith("OTEL_EXPORTER_OTLP_COMPRESSION=zstd ignored"))
        .anySatisfy(w -> assertThat(w).startsWith("OTEL_EXPORTER_OTLP_PROTOCOL=thrift ignored"))
        .anySatisfy(w -> assertThat(w).contains("'novalue' ignored"))
        .anySatisfy(w -> assertThat(w).contains("value of 'k' ignored"))
        .anySatisfy(w -> assertThat(w).startsWith("TRACEPARENT=00-not-a-trace-01 ignored"));
  }

  @Test
  void serviceNameVariableWinsOverResourceAttributes() {
    OtelOptions o = OtelOptions.fromEnvironment(Map.of(
        "OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes,deployment.environment.name=ci%20runner",
        "OTEL_SERVICE_NAME", "nightly-build"));
    assertThat(o.serviceName()).isEqualTo("nightly-build");
    assertThat(o.resourceAttributes()).containsExactly(Map.entry("deployment.environment.name", "ci runner"));

    assertThat(OtelOptions.fromEnvironment(Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=svc")).serviceName())
        .isEqualTo("svc");
  }

  @Test
  void traceParentAndStateAreRead() {
    OtelOptions o = OtelOptions.fromEnvironment(Map.of(
        "TRACEPARENT", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "TRACESTATE", "congo=t61rcWkgMzE"));
    assertThat(o.traceParent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(o.traceState()).isEqualTo("congo=t61rcWkgMzE");
    assertThat(o.warnings()).isEmpty();
  }

  @Test
  void explicitValuesOverrideTheEnvironment() {
    OtelOptions env = OtelOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4318/v1/traces",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
        "OTEL_EXPORTER_OTLP_HEADERS", "x-team=blue,Authorization=old"));
    OtelOptions cli = env.toBuilder()
        .endpoint("http://cli-collector:4318")
        .protocol(Protocol.HTTP_PROTOBUF)
        .header("Authorization", "Bearer new")
        .logs(true)
        .build();
    assertThat(cli.traces().endpoint()).isEqualTo("http://cli-collector:4318/v1/traces");
    assertThat(cli.logs().endpoint()).isEqualTo("http://cli-collector:4318/v1/logs");
    assertThat(cli.traces().protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);
    assertThat(cli.logs().protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);
    assertThat(cli.traces().headers()).containsExactly(
        Map.entry("x-team", "blue"), Map.entry("Authorization", "Bearer new"));
    assertThat(cli.logsEnabled()).isTrue();
  }

  @Test
  void toStringShowsHeaderNamesNotValues() {
    OtelOptions o = OtelOptions.builder().header("Authorization", "Bearer s3cret").build();
    assertThat(o.toString()).contains("Authorization").doesNotContain("s3cret");
    assertThat(o.traces().toString()).contains("Authorization").doesNotContain("s3cret");
  }

  @Test
  void grpcEndpointDefaultsToPort4317AndABaseEndpointIsUsedAsIs() {
    OtelOptions grpc = OtelOptions.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
    assertThat(grpc.traces().endpoint()).isEqualTo("http://localhost:4317");
    assertThat(grpc.logs().endpoint()).isEqualTo("http://localhost:4317");
    assertThat(grpc.traces().target()).isEqualTo("http://localhost:4317 (grpc)");

    // The spec: with grpc the base endpoint gets no /v1/traces; a per-signal protocol wins.
    OtelOptions mixed = OtelOptions.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
        "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "http/protobuf"));
    assertThat(mixed.traces().endpoint()).isEqualTo("http://collector:4317");
    assertThat(mixed.traces().protocol()).isEqualTo(Protocol.GRPC);
    assertThat(mixed.logs().endpoint()).isEqualTo("http://collector:4317/v1/logs");
    assertThat(mixed.logs().protocol()).isEqualTo(Protocol.HTTP_PROTOBUF);

    // --protocol grpc over options read from an empty environment: the default follows the protocol.
    OtelOptions flag = OtelOptions.fromEnvironment(Map.of()).toBuilder().protocol(Protocol.GRPC).build();
    assertThat(flag.traces().endpoint()).isEqualTo("http://localhost:4317");
    OtelOptions back = flag.toBuilder().protocol(Protocol.HTTP_PROTOBUF).build();
    assertThat(back.traces().endpoint()).isEqualTo("http://localhost:4318/v1/traces");
    // A per-signal endpoint stays as given whatever the protocol.
    OtelOptions own = OtelOptions.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4317"))
        .toBuilder().protocol(Protocol.GRPC).build();
    assertThat(own.traces().endpoint()).isEqualTo("http://tempo:4317");
    assertThat(own.logs().endpoint()).isEqualTo("http://localhost:4317");

    OtelOptions json = OtelOptions.builder().protocol(Protocol.HTTP_JSON).build();
    assertThatThrownBy(() -> OtelExporter.create(json)).hasMessageContaining("http/json is not supported")
        .hasMessageContaining("use http/protobuf or grpc");
  }

  @Test
  void explicitEndpointMustBeAnHttpUrl() {
    OtelOptions o = OtelOptions.builder().endpoint("collector:4318").build();
    assertThatThrownBy(() -> OtelExporter.create(o)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid OTLP endpoint for traces 'collector:4318/v1/traces'");
    assertThatThrownBy(() -> OtelOptions.builder().compression("zstd")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryTakesOneToFiveAttemptsAndOneMeansNoRetryPolicy() {
    OtelOptions o = OtelOptions.builder().retry(1, Duration.ofMillis(200)).timeout(Duration.ofMillis(1500)).build();
    assertThat(o.retryMaxAttempts).isEqualTo(1);
    assertThat(o.traces().timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(OtlpEndpoint.retryPolicy(1, Duration.ofMillis(200))).isNull(); // the SDK's "no retries"
    assertThat(OtlpEndpoint.retryPolicy(5, Duration.ofMillis(200)).getMaxBackoff()).isEqualTo(Duration.ofSeconds(1));
    OtelOptions defaults = OtelOptions.builder().build();
    assertThat(defaults.retryMaxAttempts).isEqualTo(5);
    assertThat(defaults.retryInitialBackoff).isEqualTo(Duration.ofSeconds(1));

    assertThatThrownBy(() -> OtelOptions.builder().retry(0, Duration.ofSeconds(1)))
        .hasMessage("OTLP attempts per request must be 1 (no retry) to 5, not 0");
    assertThatThrownBy(() -> OtelOptions.builder().retry(6, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OtelOptions.builder().retry(3, Duration.ZERO)).hasMessage("OTLP retry backoff must be positive, not 0 ms");
    assertThatThrownBy(() -> OtelOptions.builder().timeout(Duration.ofMillis(-5))).hasMessage("OTLP timeout must be positive, not -5 ms");
  }
}
