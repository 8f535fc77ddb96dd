package dev.systrument.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

/**
 * {@link OtelExporter#toJsonLines}: what it writes is OTLP JSON that protobuf's JSON mapping reads
 * back into the official messages ({@link OtlpJsonFile}), every span and log record exactly once and
 * equal to what the OTLP/HTTP exporter sends; a failing stream fails the result.
 */
class OtlpJsonLinesTest {
  private static final int SPANS = 6; // BuildScenario: six exec/process spans, bash's the root

  @Test
  void everySpanAndLogRecordIsWrittenOnceAndReadsBackAsWhatOtlpSends() throws Exception {
    BuildScenario build = new BuildScenario();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OtelExporter exporter = OtelExporter.toJsonLines(OtelOptions.builder().logs(true).batchSizes(3, 10).build(), out,
        "build.otlp.jsonl");
    build.replay(exporter);
    ExportResult result = exporter.shutdown();

    assertThat(result).isEqualTo(new ExportResult(SPANS, 0, build.fed.size(), 0, null));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    OtlpJsonFile file = OtlpJsonFile.parse(text);
    // one line per batch, of at most 3 spans or 10 log records (the queue sends what is there)
    assertThat(text.lines()).hasSize(file.traces().size() + file.logs().size());
    assertThat(file.traces()).hasSizeGreaterThanOrEqualTo((SPANS + 2) / 3)
        .allSatisfy(r -> assertThat(r.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isBetween(1, 3));
    assertThat(file.logs()).hasSizeGreaterThanOrEqualTo((build.fed.size() + 9) / 10)
        .allSatisfy(r -> assertThat(r.getResourceLogs(0).getScopeLogs(0).getLogRecordsCount()).isBetween(1, 10));
    assertThat(file.spans()).hasSize(SPANS).extracting(s -> OtlpReceiver.hex(s.getSpanId())).doesNotHaveDuplicates();
    assertThat(file.logRecords()).hasSize(build.fed.size())
        .extracting(r -> OtlpReceiver.longAttribute(r.getAttributesList(), "systrument.source.line")).doesNotHaveDuplicates();

    // The same replay over OTLP/HTTP gives the same spans and records, ids and times aside.
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      OtelExporter sent = OtelExporter.create(OtelOptions.builder().endpoint(receiver.baseUrl()).logs(true).build());
      new BuildScenario().replay(sent);
      assertThat(sent.shutdown().success()).isTrue();
      assertThat(file.spans()).extracting(OtlpJsonLinesTest::withoutIds)
          .containsExactlyInAnyOrderElementsOf(receiver.spans().stream().map(OtlpJsonLinesTest::withoutIds).toList());
      // (Events numbers source lines across scenarios: the second replay's lines differ)
      Map<String, LogRecord> received = new HashMap<>();
      receiver.logs().forEach(r -> received.put(key(r), withoutIds(r)));
      assertThat(file.logRecords()).hasSize(received.size())
          .allSatisfy(r -> assertThat(withoutIds(r)).isEqualTo(received.get(key(r))));
      // one resource per process (service.name = its program): the same set either way
      Set<Resource> written = new HashSet<>();
      file.traces().forEach(r -> r.getResourceSpansList().forEach(rs -> written.add(rs.getResource())));
      file.logs().forEach(r -> r.getResourceLogsList().forEach(rl -> written.add(rl.getResource())));
      assertThat(written).isEqualTo(new HashSet<>(receiver.resources()));
    }
  }

  private static String key(LogRecord r) {
    return r.getTimeUnixNano() + " " + r.getBody().getStringValue();
  }

  private static int attributeIndex(LogRecord r, String key) {
    for (int i = 0; i < r.getAttributesCount(); i++) {
      if (r.getAttributes(i).getKey().equals(key)) {
        return i;
      }
    }
    throw new AssertionError("no " + key + " in " + r);
  }

  private static Span withoutIds(Span s) {
    return s.toBuilder().clearTraceId().clearSpanId().clearParentSpanId().build();
  }

  private static LogRecord withoutIds(LogRecord r) {
    return r.toBuilder().clearTraceId().clearSpanId().clearObservedTimeUnixNano()
        .removeAttributes(attributeIndex(r, "systrument.source.line")).build();
  }

  @Test
  void aFailingWriteFailsTheResultAndCountsEverythingElseFailed() {
    BuildScenario build = new BuildScenario();
    OutputStream full = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("No space left on device");
      }
    };
    OtelExporter exporter = OtelExporter.toJsonLines(OtelOptions.builder().logs(true).build(), full, "build.otlp.jsonl");
    build.replay(exporter);
    ExportResult result = exporter.shutdown();

    assertThat(result.success()).isFalse();
    assertThat(result.spansExported()).isZero();
    assertThat(result.spansFailed()).isEqualTo(SPANS);
    assertThat(result.logsExported() + result.logsFailed()).isEqualTo(build.fed.size());
    assertThat(result.firstError()).matches("cannot export (spans|log records) to build.otlp.jsonl: "
        + "write failed: No space left on device");
  }

  @Test
  void nothingHappenedWritesNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OtelExporter exporter = OtelExporter.toJsonLines(OtelOptions.builder().logs(true).build(), out, "empty.jsonl");

    assertThat(exporter.shutdown()).isEqualTo(new ExportResult(0, 0, 0, 0, null));
    assertThat(out.size()).isZero();
    assertThat(List.of(OtlpJsonFile.parse("").traces(), OtlpJsonFile.parse("").logs())).allMatch(List::isEmpty);
  }
}
