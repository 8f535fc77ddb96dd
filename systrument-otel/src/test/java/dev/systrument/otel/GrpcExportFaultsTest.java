package dev.systrument.otel;

import static dev.systrument.otel.FaultRun.ATTEMPTS;
import static dev.systrument.otel.FaultRun.SPANS;
import static dev.systrument.otel.OtlpReceiver.LOGS;
import static dev.systrument.otel.OtlpReceiver.NO_ANSWER;
import static dev.systrument.otel.OtlpReceiver.TRACES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtelOptions.Protocol;
import dev.systrument.otel.OtlpReceiver.Answer;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ExportFaultsTest} over OTLP/gRPC: the real {@link OtelExporter} with the SDK's gRPC
 * exporter and its OkHttp sender, against grpc-java's Netty server ({@link OtlpReceiver#startGrpc}).
 * What is retried (the SDK's retryable gRPC codes, and I/O errors), what is not, and the wrong
 * protocol for the port; the counts always add up to what was produced. Partial success, a stalled,
 * restarting or absent receiver and a single attempt are {@link ExportFaultsTest}'s, for both
 * protocols.
 */
class GrpcExportFaultsTest {
  private OtlpReceiver receiver;
  private final BuildScenario build = new BuildScenario();

  /** The first export in a JVM loads the SDK, OkHttp and Kotlin: longer than the short timeouts below. */
  @BeforeAll
  static void warmUp() throws Exception {
    try (OtlpReceiver warm = OtlpReceiver.startGrpc()) {
      OtelExporter exporter = OtelExporter.create(options(warm.baseUrl()).build());
      new BuildScenario().replay(exporter);
      assertThat(exporter.shutdown().success()).isTrue();
    }
  }

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = OtlpReceiver.startGrpc();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private static OtelOptions.Builder options(String baseUrl) {
    return FaultRun.options(baseUrl).protocol(Protocol.GRPC);
  }


  private FaultRun run(OtelOptions.Builder builder) {
    return FaultRun.of(build, builder.build(), SPANS);
  }

  private List<Integer> statuses(String path) {
    return FaultRun.statuses(receiver, path);
  }

  private void assertAllDeliveredOnce(ExportResult result) {
    FaultRun.assertAllDeliveredOnce(receiver, build, result, SPANS);
  }

  @ParameterizedTest(name = "{0} twice, then OK")
  @EnumSource(value = Code.class, names = {"UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "ABORTED"})
  void retryableCodeIsRetriedAndEverythingArrivesOnce(Code code) {
    for (String path : List.of(TRACES, LOGS)) {
      receiver.answerNext(path, new Answer.GrpcStatus(code, "busy"));
      receiver.answerNext(path, new Answer.GrpcStatus(code, "busy"));
    }

    FaultRun run = run(options(receiver.baseUrl()));

    assertAllDeliveredOnce(run.result());
    for (String path : List.of(TRACES, LOGS)) {
      List<Integer> statuses = statuses(path);
      assertThat(statuses.subList(0, 2)).as(path).containsExactly(code.value(), code.value());
      assertThat(statuses.subList(2, statuses.size())).as(path).isNotEmpty().containsOnly(200);
    }
  }

  @Test
  void unavailableOnEveryAttemptFailsAfterTheLastAttempt() {
    for (int i = 0; i < ATTEMPTS; i++) {
      receiver.answerNext(TRACES, new Answer.GrpcStatus(Code.UNAVAILABLE, "collector overloaded"));
    }

    FaultRun run = run(options(receiver.baseUrl()));

    assertThat(statuses(TRACES)).containsExactlyElementsOf(Collections.nCopies(ATTEMPTS, Code.UNAVAILABLE.value()));
    ExportResult result = run.result();
    assertThat(result.spansExported()).isZero();
    assertThat(result.spansFailed()).isEqualTo(SPANS);
    assertThat(result.logsExported()).isEqualTo(build.fed.size()); // the logs signal was fine
    assertThat(result.firstError()).isEqualTo(
        "cannot export spans to " + receiver.baseUrl() + " (grpc): gRPC UNAVAILABLE: collector overloaded");
    assertThat(receiver.spans()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Code.class, names = {"INVALID_ARGUMENT", "UNAUTHENTICATED", "PERMISSION_DENIED", "INTERNAL", "UNIMPLEMENTED"})
  void otherCodeIsNotRetriedAndFailsTheSignal(Code code) {
    receiver.answerNext(TRACES, new Answer.GrpcStatus(code, "no such tenant"));
    receiver.answerNext(LOGS, new Answer.GrpcStatus(code, "no such tenant"));

    FaultRun run = run(options(receiver.baseUrl()));

    assertThat(statuses(TRACES)).containsExactly(code.value());
    assertThat(statuses(LOGS)).containsExactly(code.value());
    ExportResult result = run.result();
    assertThat(result).extracting(ExportResult::spansExported, ExportResult::spansFailed, ExportResult::logsExported,
        ExportResult::logsFailed).containsExactly(0L, (long) SPANS, 0L, (long) build.fed.size());
    assertThat(result.firstError()).matches("cannot export (spans|log records) to " + Pattern.quote(receiver.baseUrl())
        + " \\(grpc\\): gRPC " + code + ": no such tenant");
  }

  /** The usual slip: grpc sent to an OTLP/HTTP port, or http/protobuf to a gRPC port; the error says so. */
  @Test
  void theWrongProtocolForThePortIsNamedInTheError() throws Exception {
    try (OtlpReceiver http = OtlpReceiver.start()) {
      ExportResult toHttp = run(options(http.baseUrl()).logs(false).retry(1, Duration.ofMillis(20))).result();
      assertThat(toHttp.firstError()).startsWith("cannot export spans to " + http.baseUrl() + " (grpc): ")
          .contains("the receiver does not answer in HTTP/2").endsWith("use protocol http/protobuf)");
    }
    ExportResult toGrpc = run(options(receiver.baseUrl()).protocol(Protocol.HTTP_PROTOBUF).logs(false)
        .retry(1, Duration.ofMillis(20))).result();
    assertThat(toGrpc.firstError()).isEqualTo("cannot export spans to " + receiver.baseUrl() + "/v1/traces: "
        + "java.io.IOException: the receiver does not answer in HTTP/1.1 (an OTLP/gRPC port, usually 4317? use protocol grpc)");
  }
}
