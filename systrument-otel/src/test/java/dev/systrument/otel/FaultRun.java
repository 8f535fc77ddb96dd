package dev.systrument.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/**
 * One replay of {@link BuildScenario} into an exporter, for the fault tests of both protocols
 * ({@link ExportFaultsTest}, {@link GrpcExportFaultsTest}): the result, how long it took, and the
 * checks every run must pass whatever the fault.
 */
record FaultRun(ExportResult result, long millis) {
  static final int ATTEMPTS = 5;
  static final int SPANS = 6; // BuildScenario: six exec/process spans, bash's the root

  /**
   * The fault tests' options (the protocol is the builder's default, http/protobuf): logs on,
   * {@link #ATTEMPTS} attempts, the first retry after 20 ms, 3 s per request, so that each class runs in
   * seconds.
   */
  static OtelOptions.Builder options(String baseUrl) {
    return OtelOptions.builder().endpoint(baseUrl).logs(true)
        .retry(ATTEMPTS, Duration.ofMillis(20))
        .timeout(Duration.ofSeconds(3));
  }

  /**
   * Replays {@code build} into an exporter made from {@code options} and checks that nothing was
   * silently dropped: each of the {@code spans} spans and each log record is counted once,
   * exported or failed.
   */
  static FaultRun of(BuildScenario build, OtelOptions options, int spans) {
    long start = System.nanoTime();
    OtelExporter exporter = OtelExporter.create(options);
    build.replay(exporter);
    ExportResult result = exporter.shutdown();
    assertThat(result.spansExported() + result.spansFailed()).as("spans accounted for").isEqualTo(spans);
    assertThat(result.logsExported() + result.logsFailed()).as("log records accounted for")
        .isEqualTo(options.logsEnabled() ? build.fed.size() : 0);
    assertThat(result.success()).isEqualTo(result.spansFailed() == 0 && result.logsFailed() == 0);
    return new FaultRun(result, (System.nanoTime() - start) / 1_000_000);
  }

  /** What {@code receiver} answered to each request for {@code path}, in order. */
  static List<Integer> statuses(OtlpReceiver receiver, String path) {
    return receiver.requests().stream().filter(r -> r.path().equals(path)).map(OtlpReceiver.Request::answeredStatus).toList();
  }

  /** Everything arrived, each span and log record exactly once. */
  static void assertAllDeliveredOnce(OtlpReceiver receiver, BuildScenario build, ExportResult result, int spans) {
    assertThat(result).isEqualTo(new ExportResult(spans, 0, build.fed.size(), 0, null));
    assertThat(receiver.spans()).hasSize(spans).extracting(s -> OtlpReceiver.hex(s.getSpanId())).doesNotHaveDuplicates();
    assertThat(receiver.logs()).hasSize(build.fed.size())
        .extracting(r -> OtlpReceiver.longAttribute(r.getAttributesList(), "systrument.source.line")).doesNotHaveDuplicates();
  }
}
