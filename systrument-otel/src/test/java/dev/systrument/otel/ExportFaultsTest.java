package dev.systrument.otel;

import static dev.systrument.otel.FaultRun.ATTEMPTS;
import static dev.systrument.otel.FaultRun.SPANS;
import static dev.systrument.otel.OtlpReceiver.LOGS;
import static dev.systrument.otel.OtlpReceiver.NO_ANSWER;
import static dev.systrument.otel.OtlpReceiver.TRACES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtelOptions.Protocol;
import dev.systrument.otel.OtlpReceiver.Answer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Receivers that misbehave, through the real {@link OtelExporter} and the SDK's JDK sender (and,
 * for the cases that do not depend on the protocol, over gRPC too; gRPC's own are {@link
 * GrpcExportFaultsTest}): what is
 * retried (the OTLP spec's 429, 502, 503, 504, and I/O errors), what is not, and that the counts
 * always add up to what was produced: every span and log record is exported or counted failed,
 * never silently lost. Attempts are counted at the receiver. Backoffs and timeouts are short so the
 * whole class runs in seconds.
 */
class ExportFaultsTest {
  private OtlpReceiver receiver;
  private final BuildScenario build = new BuildScenario();

  /**
   * One export before the tests: the first one in a JVM loads the SDK and the HTTP client, which
   * on a busy machine takes longer than the short timeouts below.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    for (OtlpReceiver warm : List.of(OtlpReceiver.start(), OtlpReceiver.startGrpc())) {
      try (warm) {
        OtelExporter exporter = OtelExporter.create(options(warm).build());
        new BuildScenario().replay(exporter);
        assertThat(exporter.shutdown().success()).isTrue();
      }
    }
  }

  /** The receiver for {@code protocol}: the HTTP one started for each test, or a gRPC one instead. */
  private OtlpReceiver receiver(Protocol protocol) throws Exception {
    if (protocol == Protocol.GRPC && !receiver.isGrpc()) {
      receiver.close();
      receiver = OtlpReceiver.startGrpc();
    }
    return receiver;
  }

  private static OtelOptions.Builder options(OtlpReceiver receiver) {
    return options(receiver.baseUrl()).protocol(receiver.isGrpc() ? Protocol.GRPC : Protocol.HTTP_PROTOBUF);
  }

  private static OtelOptions.Builder options(String baseUrl) {
    return FaultRun.options(baseUrl);
  }

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
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

  /** Transient faults: the answer and what the receiver records for it (the status, or NO_ANSWER). */
  static Stream<Arguments> transientFaults() {
    return Stream.concat(
        Stream.of(429, 502, 503, 504).map(status -> Arguments.of("HTTP " + status, new Answer.Status(status, Map.of(), "busy"), status)),
        Stream.of(Arguments.of("connection closed mid-request", new Answer.Disconnect(), NO_ANSWER)));
  }

  @ParameterizedTest(name = "{0} twice, then 200")
  @MethodSource("transientFaults")
  void transientFaultIsRetriedAndEverythingArrivesOnce(String name, Answer fault, int recorded) {
    for (String path : List.of(TRACES, LOGS)) {
      receiver.answerNext(path, fault);
      receiver.answerNext(path, fault);
    }

    FaultRun run = run(options(receiver.baseUrl()));

    assertAllDeliveredOnce(run.result());
    for (String path : List.of(TRACES, LOGS)) {
      // One batch at a time: the two requests after the first are its retries (more batches may follow).
      List<Integer> statuses = statuses(path);
      assertThat(statuses.subList(0, 2)).as(path).containsExactly(recorded, recorded);
      assertThat(statuses.subList(2, statuses.size())).as(path).isNotEmpty().containsOnly(200);
    }
  }

  @ParameterizedTest(name = "HTTP {0} on every attempt")
  @ValueSource(ints = {429, 502, 503, 504})
  void retryableStatusThatPersistsFailsAfterTheLastAttempt(int status) {
    for (int i = 0; i < ATTEMPTS; i++) {
      receiver.answerNext(TRACES, new Answer.Status(status, Map.of(), "collector overloaded"));
    }

    FaultRun run = run(options(receiver.baseUrl()));

    assertThat(statuses(TRACES)).as("attempts at the receiver").containsExactlyElementsOf(
        Collections.nCopies(ATTEMPTS, status)); // then the signal gives up: nothing more is sent
    ExportResult result = run.result();
    assertThat(result.spansExported()).isZero();
    assertThat(result.spansFailed()).isEqualTo(SPANS);
    assertThat(result.logsExported()).isEqualTo(build.fed.size()); // the logs signal was fine
    assertThat(result.firstError()).isEqualTo(
        "cannot export spans to " + receiver.baseUrl() + "/v1/traces: HTTP " + status + ": collector overloaded");
    assertThat(receiver.spans()).isEmpty();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 413, 500})
  void otherErrorStatusIsNotRetriedAndFailsTheSignal(int status) {
    // Not even with a Retry-After: the spec's list of retryable codes decides, not the header.
    receiver.answerNext(TRACES, new Answer.Status(status, Map.of("Retry-After", "1"), "no such tenant"));
    receiver.answerNext(LOGS, new Answer.Status(status, Map.of(), "no such tenant"));

    FaultRun run = run(options(receiver.baseUrl()));

    assertThat(statuses(TRACES)).containsExactly(status);
    assertThat(statuses(LOGS)).containsExactly(status);
    ExportResult result = run.result();
    assertThat(result).extracting(ExportResult::spansExported, ExportResult::spansFailed, ExportResult::logsExported,
        ExportResult::logsFailed).containsExactly(0L, (long) SPANS, 0L, (long) build.fed.size());
    assertThat(result.firstError()).matches("cannot export (spans|log records) to " + Pattern.quote(receiver.baseUrl())
        + "/v1/(traces|logs): HTTP " + status + ": no such tenant");
  }

  @Test
  void errorWithoutABodyNamesTheStatusOnly() {
    receiver.answerNext(TRACES, 400, Map.of());

    ExportResult result = run(options(receiver.baseUrl()).logs(false).batchSizes(2, 2)).result();

    assertThat(result.spansFailed()).isEqualTo(SPANS - result.spansExported()).isPositive();
    assertThat(result.firstError()).isEqualTo("cannot export spans to " + receiver.baseUrl() + "/v1/traces: HTTP 400");
    assertThat(statuses(TRACES)).containsOnlyOnce(400);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {429, 503})
  void throttlingWaitsWhatRetryAfterSays(int status) {
    receiver.answerNext(TRACES, status, Map.of("Retry-After", "1"));

    // Backoff of 20 ms: a retry a second later can only come from Retry-After.
    run(options(receiver.baseUrl()).logs(false));

    assertThat(receiver.spans()).hasSize(SPANS);
    List<OtlpReceiver.Request> traces = receiver.requests().stream().filter(r -> r.path().equals(TRACES)).toList();
    assertThat(traces).extracting(OtlpReceiver.Request::answeredStatus).startsWith(status, 200).containsOnlyOnce(status);
    long waitedMillis = (traces.get(1).receivedNanos() - traces.get(0).receivedNanos()) / 1_000_000;
    assertThat(waitedMillis).isGreaterThanOrEqualTo(950);
  }

  @Test
  void retryAfterBeyondTheTimeoutFailsAtTheTimeout() {
    receiver.answerNext(TRACES, new Answer.Status(503, Map.of("Retry-After", "60"), "restarting"));

    FaultRun run = run(options(receiver.baseUrl()).logs(false).timeout(Duration.ofSeconds(1)));

    // The SDK waits what is left of the timeout, not the minute asked, and does not try again.
    assertThat(statuses(TRACES)).containsExactly(503);
    assertThat(run.millis()).isBetween(900L, 10_000L);
    assertThat(run.result().spansFailed()).isEqualTo(SPANS);
    assertThat(run.result().firstError()).endsWith("/v1/traces: HTTP 503: restarting");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void partialSuccessCountsTheRejectedAsFailedWithTheReceiversMessage(Protocol protocol) throws Exception {
    receiver(protocol);
    receiver.answerNext(TRACES, new Answer.PartialSuccess(1, "span name too long"));
    // One item each: a batch may hold a single item (the queue sends what is there).
    receiver.answerNext(LOGS, new Answer.PartialSuccess(1, "log record body exceeds 64 KiB"));

    FaultRun run = run(options(receiver));

    ExportResult result = run.result();
    assertThat(result).extracting(ExportResult::spansExported, ExportResult::spansFailed, ExportResult::logsExported,
        ExportResult::logsFailed).containsExactly(SPANS - 1L, 1L, build.fed.size() - 1L, 1L);
    assertThat(result.success()).isFalse();
    // What the receiver kept is what we count exported: a partial success is never retried.
    assertThat(receiver.spans()).hasSize(SPANS - 1).extracting(s -> OtlpReceiver.hex(s.getSpanId())).doesNotHaveDuplicates();
    assertThat(receiver.logs()).hasSize(build.fed.size() - 1);
    assertThat(statuses(TRACES)).containsOnly(200);
    assertThat(result.firstError()).matches("receiver rejected (1 of \\d+ spans sent to " + Pattern.quote(receiver.target(TRACES))
        + ": span name too long|1 of \\d+ log records sent to " + Pattern.quote(receiver.target(LOGS))
        + ": log record body exceeds 64 KiB)");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void partialSuccessThatRejectsNothingIsASuccess(Protocol protocol) throws Exception {
    receiver(protocol).answerNext(TRACES, new Answer.PartialSuccess(0, "attribute process.command_args is deprecated"));

    assertAllDeliveredOnce(run(options(receiver)).result());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void stalledReceiverFailsAtTheTimeoutWithoutRetrying(Protocol protocol) throws Exception {
    receiver(protocol).answerNext(TRACES, new Answer.Stall());

    FaultRun run = run(options(receiver).timeout(Duration.ofSeconds(1)));

    // The stalled attempt used the whole timeout: no time is left for another.
    assertThat(statuses(TRACES)).containsExactly(NO_ANSWER);
    assertThat(run.millis()).isBetween(900L, 10_000L);
    assertThat(run.result().spansFailed()).isEqualTo(SPANS);
    assertThat(run.result().logsFailed()).isZero();
    assertThat(run.result().firstError()).isEqualTo("cannot export spans to " + receiver.target(TRACES)
        + ": no answer within 1 s (the request timeout, retries included)");
  }

  @Test
  void connectionClosedOnEveryAttemptFailsAfterTheLastAttempt() {
    for (int i = 0; i < ATTEMPTS; i++) {
      receiver.answerNext(LOGS, new Answer.Disconnect());
    }

    FaultRun run = run(options(receiver.baseUrl()));

    assertThat(statuses(LOGS)).containsExactlyElementsOf(Collections.nCopies(ATTEMPTS, NO_ANSWER));
    assertThat(run.result().spansFailed()).isZero();
    assertThat(run.result().logsExported()).isZero();
    assertThat(run.result().firstError()).startsWith("cannot export log records to " + receiver.baseUrl() + "/v1/logs: ")
        .endsWith("(the connection closed before an answer)");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void collectorRestartingIsRetriedUntilItListensAgain(Protocol protocol) throws Exception {
    // Backoffs of 100, 150, 225, 338 ms (±20%) wait at least 650 ms in all: longer than the pause.
    receiver(protocol).refuseConnectionsFor(Duration.ofMillis(400));

    FaultRun run = run(options(receiver).retry(ATTEMPTS, Duration.ofMillis(100)));

    assertAllDeliveredOnce(run.result());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void unreachableEndpointFailsEverythingWithAMessageNamingIt(Protocol protocol) throws Exception {
    String base = OtlpReceiver.closedPortUrl();

    FaultRun run = run(options(base).protocol(protocol));

    ExportResult result = run.result();
    assertThat(result).extracting(ExportResult::spansExported, ExportResult::spansFailed, ExportResult::logsExported,
        ExportResult::logsFailed).containsExactly(0L, (long) SPANS, 0L, (long) build.fed.size());
    assertThat(result.firstError())
        .matches("cannot export (spans|log records) to " + Pattern.quote(base) + "(/v1/(traces|logs)| \\(grpc\\)): "
            + "java.net.ConnectException.* \\(cannot connect: is a collector listening there\\?\\)");
    assertThat(result.summary()).contains("0 spans exported, 6 failed").contains(base);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void oneAttemptMeansNoRetry(Protocol protocol) throws Exception {
    boolean grpc = protocol == Protocol.GRPC;
    receiver(protocol).answerNext(TRACES, grpc
        ? new Answer.GrpcStatus(io.grpc.Status.Code.UNAVAILABLE, "busy")
        : new Answer.Status(503, Map.of(), "busy"));

    FaultRun run = run(options(receiver).logs(false).retry(1, Duration.ofMillis(20)));

    assertThat(statuses(TRACES)).containsExactly(grpc ? io.grpc.Status.Code.UNAVAILABLE.value() : 503);
    assertThat(run.result().spansFailed()).isEqualTo(SPANS);
  }
}
