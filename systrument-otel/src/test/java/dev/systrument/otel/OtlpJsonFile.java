package dev.systrument.otel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OTLP JSON Lines file read back with protobuf's own JSON mapping ({@link JsonFormat}) into the
 * official opentelemetry-proto messages: each line one {@code ExportTraceServiceRequest} or {@code
 * ExportLogsServiceRequest}, as the Collector's {@code otlpjsonfile} receiver reads it. OTLP JSON
 * differs from the proto3 JSON mapping in one point, which the Collector's reader handles the same
 * way: trace and span ids are hex, not base64; they are converted before parsing. Unknown fields
 * fail the parse, so a misspelt key does not pass unnoticed.
 *
 * <p>Public (and in the test-jar) for systrument-cli's corpus tests.
 */
public record OtlpJsonFile(List<ExportTraceServiceRequest> traces, List<ExportLogsServiceRequest> logs) {
  private static final Set<String> HEX_IDS = Set.of("traceId", "spanId", "parentSpanId");

  /** Parses {@code text}, one request per non-empty line; throws naming the line that is not OTLP JSON. */
  public static OtlpJsonFile parse(String text) {
    List<ExportTraceServiceRequest> traces = new ArrayList<>();
    List<ExportLogsServiceRequest> logs = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      JsonObject line = JsonParser.parseString(lines[i]).getAsJsonObject();
      hexIdsToBase64(line);
      try {
        if (line.has("resourceSpans")) {
          ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
          JsonFormat.parser().merge(line.toString(), b);
          traces.add(b.build());
        } else if (line.has("resourceLogs")) {
          ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
          JsonFormat.parser().merge(line.toString(), b);
          logs.add(b.build());
        } else {
          throw new IllegalArgumentException("line " + (i + 1) + ": neither resourceSpans nor resourceLogs: " + line.keySet());
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not OTLP JSON: " + e.getMessage(), e);
      }
    }
    return new OtlpJsonFile(traces, logs);
  }

  public List<Span> spans() {
    return traces.stream().flatMap(r -> r.getResourceSpansList().stream())
        .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).toList();
  }

  public List<LogRecord> logRecords() {
    return logs.stream().flatMap(r -> r.getResourceLogsList().stream())
        .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream()).toList();
  }

  private static void hexIdsToBase64(JsonElement e) {
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(OtlpJsonFile::hexIdsToBase64);
    } else if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> field : e.getAsJsonObject().entrySet()) {
        if (HEX_IDS.contains(field.getKey()) && field.getValue().isJsonPrimitive()) {
          byte[] id = HexFormat.of().parseHex(field.getValue().getAsString());
          field.setValue(new JsonPrimitive(Base64.getEncoder().encodeToString(id)));
        } else {
          hexIdsToBase64(field.getValue());
        }
      }
    }
  }
}
