package dev.systrument.cli;

import static dev.systrument.otel.OtlpReceiver.LOGS;
import static dev.systrument.otel.OtlpReceiver.NO_ANSWER;
import static dev.systrument.otel.OtlpReceiver.TRACES;
import static dev.systrument.otel.OtlpReceiver.hex;
import static dev.systrument.otel.OtlpReceiver.longAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtlpReceiver;
import dev.systrument.otel.OtlpReceiver.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #8, OTLP faults, end to end: {@code strace2otel} on a corpus log to a receiver that
 * misbehaves. What is retryable is retried and then arrives once; what is not fails at once; the
 * counts on stderr add up to the log's spans and events; any failure gives exit status 1 and one
 * line saying what failed. Short backoffs ({@code --retry-backoff 20}) keep the class fast.
 */
class OtelFaultsTest {
  /** w02: bash, sh exiting 3, a subshell: 3 exec spans and the root. */
  private static final Path LOG = Corpus.log("w02-nested-exit.B-record.strace");
  private static final Pattern COUNTS =
      Pattern.compile("(\\d+) spans? exported, (\\d+) failed; (\\d+) log records? exported, (\\d+) failed");

  @TempDir Path tmp;
  OtlpReceiver receiver;
  private final Corpus.Truth truth = Corpus.truth(LOG);
  private final long spans = truth.successfulExecCount(); // one per exec image; the root process's is the root
  private final long events = truth.syscallRecords() + truth.lineKind("signal") + truth.lineKind("exit");

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  /** {@code strace2otel LOG --logs --endpoint URL} plus {@code more}, with {@code --retry-backoff 20} unless given. */
  private CliRun export(String endpoint, String... more) {
    List<String> args = new ArrayList<>(List.of("strace2otel", LOG.toString(), "--logs", "--endpoint", endpoint));
    args.addAll(List.of(more));
    if (!args.contains("--retry-backoff")) {
      args.addAll(List.of("--retry-backoff", "20"));
    }
    return CliRun.run(tmp, args.toArray(String[]::new));
  }

  /** The counts on stderr, checked to add up to the log's spans and events: exported + failed, never dropped. */
  private long[] counts(CliRun run) {
    Matcher m = COUNTS.matcher(run.err());
    assertThat(m.find()).as("%s", run).isTrue();
    long[] c = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))};
    assertThat(c[0] + c[1]).as("spans accounted for").isEqualTo(spans);
    assertThat(c[2] + c[3]).as("log records accounted for").isEqualTo(events);
    return c;
  }

  /** Exit 1 and exactly one stderr line saying the export failed, which contains {@code reason}. */
  private void assertFailedWith(CliRun run, String reason) {
    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.PROBLEMS);
    List<String> lines = run.err().lines().filter(l -> l.contains("OTLP")).toList();
    assertThat(lines).as("%s", run).hasSize(1);
    assertThat(lines.get(0)).startsWith("systrument strace2otel: OTLP export failed (traces to ").contains(reason);
  }

  private List<Integer> statuses(String path) {
    return receiver.requests().stream().filter(r -> r.path().equals(path)).map(OtlpReceiver.Request::answeredStatus).toList();
  }

  private void assertAllArrivedOnce(CliRun run) {
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).contains("OTLP traces to " + receiver.baseUrl() + "/v1/traces, logs to " + receiver.baseUrl() + "/v1/logs: "
        + spans + " spans exported, 0 failed; "
        + events + " log records exported, 0 failed");
    assertThat(receiver.spans()).hasSize((int) spans).extracting(s -> hex(s.getSpanId())).doesNotHaveDuplicates();
    assertThat(receiver.logs()).hasSize((int) events)
        .extracting(r -> longAttribute(r.getAttributesList(), "systrument.source.line")).doesNotHaveDuplicates();
  }

  static Stream<Arguments> transientFaults() {
    return Stream.of(
        Arguments.of("HTTP 503", new Answer.Status(503, Map.of(), "unavailable"), 503),
        Arguments.of("HTTP 502", new Answer.Status(502, Map.of(), "bad gateway"), 502),
        Arguments.of("HTTP 504", new Answer.Status(504, Map.of(), "gateway timeout"), 504),
        Arguments.of("HTTP 429 with Retry-After", new Answer.Status(429, Map.of("Retry-After", "1"), "slow down"), 429),
        Arguments.of("connection closed mid-request", new Answer.Disconnect(), NO_ANSWER));
  }

  @ParameterizedTest(name = "{0} twice, then 200")
  @MethodSource("transientFaults")
  void transientFaultIsRetriedAndEverythingArrivesOnce(String name, Answer fault, int recorded) {
    for (int i = 0; i < 2; i++) {
      receiver.answerNext(TRACES, fault);
      receiver.answerNext(LOGS, fault);
    }

    CliRun run = export(receiver.baseUrl());

    assertAllArrivedOnce(run);
    counts(run);
    assertThat(receiver.requests()).filteredOn(r -> r.answeredStatus() == recorded).hasSize(4);
    for (String path : List.of(TRACES, LOGS)) {
      assertThat(statuses(path)).as(path).startsWith(recorded, recorded, 200);
    }
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 500})
  void errorThatIsNotRetryableFailsAtOnce(int status) {
    receiver.answerNext(TRACES, new Answer.Status(status, Map.of(), "tenant unknown"));

    CliRun run = export(receiver.baseUrl());

    assertFailedWith(run, "cannot export spans to " + receiver.baseUrl() + "/v1/traces: HTTP " + status + ": tenant unknown");
    assertThat(statuses(TRACES)).containsExactly(status);
    assertThat(counts(run)).containsExactly(0, spans, events, 0);
  }

  @Test
  void maxAttemptsBoundsTheRetriesOfAFaultThatPersists() {
    for (int i = 0; i < 5; i++) {
      receiver.answerNext(LOGS, new Answer.Status(503, Map.of(), "overloaded"));
    }

    CliRun run = export(receiver.baseUrl(), "--max-attempts", "3");

    assertFailedWith(run, "cannot export log records to " + receiver.baseUrl() + "/v1/logs: HTTP 503: overloaded");
    assertThat(statuses(LOGS)).containsExactly(503, 503, 503);
    assertThat(counts(run)).containsExactly(spans, 0, 0, events);
  }

  @Test
  void partialSuccessFailsTheRejectedWithTheReceiversMessage() {
    receiver.answerNext(TRACES, new Answer.PartialSuccess(1, "span name too long"));

    CliRun run = export(receiver.baseUrl());

    assertFailedWith(run, "receiver rejected 1 of ");
    assertThat(run.err()).containsPattern("receiver rejected 1 of \\d+ spans sent to " + Pattern.quote(receiver.baseUrl())
        + "/v1/traces: span name too long");
    assertThat(counts(run)).containsExactly(spans - 1, 1, events, 0);
    assertThat(receiver.spans()).hasSize((int) spans - 1);
  }

  @Test
  void stalledReceiverFailsAtTheTimeout() {
    receiver.answerNext(TRACES, new Answer.Stall());

    CliRun run = export(receiver.baseUrl(), "--timeout", "1500");

    assertFailedWith(run, "cannot export spans to " + receiver.baseUrl() + "/v1/traces: no answer within 1.5 s");
    assertThat(statuses(TRACES)).containsExactly(NO_ANSWER);
    assertThat(counts(run)).containsExactly(0, spans, events, 0);
  }

  @Test
  void collectorRestartingIsWaitedFor() {
    receiver.refuseConnectionsFor(Duration.ofMillis(400));

    // Backoffs of 100, 150, 225, 338 ms (±20%): at least 650 ms in all, longer than the pause.
    CliRun run = export(receiver.baseUrl(), "--retry-backoff", "100");

    assertAllArrivedOnce(run);
  }

  @Test
  void unreachableEndpointFailsNamingIt() throws IOException {
    String endpoint = OtlpReceiver.closedPortUrl();
    Map<String, String> env = new HashMap<>(CliRun.quietEnvironment());
    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "2000"); // retries of refused connections fit in this

    CliRun run = CliRun.run(tmp, env, InputStream.nullInputStream(), "strace2otel", LOG.toString(),
        "--endpoint", endpoint, "--retry-backoff", "20");

    assertFailedWith(run, "cannot export spans to " + endpoint + "/v1/traces: java.net.ConnectException");
    assertThat(run.err()).contains("0 spans exported, 3 failed");
  }

  @Test
  void retrySettingsOutOfRangeAreUsageErrors() {
    CliRun attempts = export(receiver.baseUrl(), "--max-attempts", "9");
    CliRun timeout = export(receiver.baseUrl(), "--timeout", "0");

    assertThat(attempts.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(attempts.err()).contains("systrument strace2otel: OTLP attempts per request must be 1 (no retry) to 5, not 9");
    assertThat(timeout.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(timeout.err()).contains("OTLP timeout must be positive");
    assertThat(receiver.requests()).isEmpty();
  }
}
