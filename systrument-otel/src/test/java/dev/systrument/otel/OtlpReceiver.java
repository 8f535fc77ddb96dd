package dev.systrument.otel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver in the test JVM: decodes real request bodies with the official
 * opentelemetry-proto classes (gzip too) and keeps what arrived. Answers 200 unless a scripted
 * answer is queued for the path ({@link #answerNext}); a payload answered with an error is not kept,
 * as a real collector would not have it.
 *
 * <p>Public (and published in this module's test-jar) for systrument-cli's corpus tests.
 */
public final class OtlpReceiver implements AutoCloseable {
  public static final String TRACES = "/v1/traces";
  public static final String LOGS = "/v1/logs";

  /** One HTTP request as received. */
  public record Request(String path, long receivedNanos, int answeredStatus, String contentEncoding, Map<String, List<String>> headers) {}

  private record Answer(String path, int status, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ConcurrentLinkedQueue<Answer> scripted = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new ArrayList<>();
  private final List<Span> spans = new ArrayList<>();
  private final List<LogRecord> logs = new ArrayList<>();
  private final List<Resource> resources = new ArrayList<>();
  private final List<String> scopes = new ArrayList<>();
  private final List<byte[]> bodies = new ArrayList<>();
  private final boolean keepRecords;
  private final java.util.Set<String> spanIds = new java.util.HashSet<>();
  private final java.util.Set<Long> logLines = new java.util.HashSet<>();
  private long spanCount;
  private long logCount;

  private OtlpReceiver(boolean keepRecords) throws IOException {
    this.keepRecords = keepRecords;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static OtlpReceiver start() throws IOException {
    return new OtlpReceiver(true);
  }

  /**
   * A receiver for volume tests: decodes everything but keeps only span ids and the log records'
   * {@code systrument.source.line}, to check that each arrived exactly once.
   */
  public static OtlpReceiver startCounting() throws IOException {
    return new OtlpReceiver(false);
  }

  public synchronized long spanCount() {
    return spanCount;
  }

  public synchronized long distinctSpanIds() {
    return spanIds.size();
  }

  public synchronized long logCount() {
    return logCount;
  }

  public synchronized long distinctLogLines() {
    return logLines.size();
  }

  /** {@code http://127.0.0.1:PORT}, the OTLP base URL. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next request to {@code path} is answered with {@code status} and {@code headers}. */
  public void answerNext(String path, int status, Map<String, String> headers) {
    scripted.add(new Answer(path, status, headers));
  }

  public synchronized List<Span> spans() {
    return List.copyOf(spans);
  }

  public synchronized List<LogRecord> logs() {
    return List.copyOf(logs);
  }

  public synchronized List<Resource> resources() {
    return List.copyOf(resources);
  }

  public synchronized List<String> scopes() {
    return List.copyOf(scopes);
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * Every request body as received (after gzip), for byte searches that do not depend on how the
   * protobuf is decoded: a string the exporter sent is in there as its UTF-8 bytes.
   */
  public synchronized List<byte[]> bodies() {
    return List.copyOf(bodies);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      receive(exchange);
    } catch (IOException | RuntimeException | Error e) {
      // Answer rather than leave the client waiting for its timeout; the test sees the failure.
      e.printStackTrace();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    String path = exchange.getRequestURI().getPath();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    byte[] body;
    try (InputStream in = "gzip".equalsIgnoreCase(encoding)
        ? new GZIPInputStream(exchange.getRequestBody())
        : exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Answer answer = null;
    for (Answer a : scripted) {
      if (a.path().equals(path) && scripted.remove(a)) {
        answer = a;
        break;
      }
    }
    int status = answer != null ? answer.status() : 200;
    byte[] response = new byte[0];
    if (answer == null) {
      if (path.equals(TRACES)) {
        keepSpans(ExportTraceServiceRequest.parseFrom(body));
        response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      } else if (path.equals(LOGS)) {
        keepLogs(ExportLogsServiceRequest.parseFrom(body));
        response = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
      } else {
        status = 404;
      }
    } else {
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    }
    synchronized (this) {
      requests.add(new Request(path, now, status, encoding, Map.copyOf(exchange.getRequestHeaders())));
      if (keepRecords) {
        bodies.add(body);
      }
    }
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response);
    }
  }

  private synchronized void keepSpans(ExportTraceServiceRequest request) {
    for (ResourceSpans rs : request.getResourceSpansList()) {
      if (keepRecords) {
        resources.add(rs.getResource());
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        if (keepRecords) {
          scopes.add(ss.getScope().getName());
        }
        for (Span span : ss.getSpansList()) {
          spanCount++;
          spanIds.add(hex(span.getSpanId()));
          if (keepRecords) {
            spans.add(span);
          }
        }
      }
    }
  }

  private synchronized void keepLogs(ExportLogsServiceRequest request) {
    for (ResourceLogs rl : request.getResourceLogsList()) {
      if (keepRecords) {
        resources.add(rl.getResource());
      }
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        if (keepRecords) {
          scopes.add(sl.getScope().getName());
        }
        for (LogRecord log : sl.getLogRecordsList()) {
          logCount++;
          Long line = longAttribute(log.getAttributesList(), "systrument.source.line");
          if (line != null) {
            logLines.add(line);
          }
          if (keepRecords) {
            logs.add(log);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // Decoding helpers for assertions.

  public static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /** The attribute's value, or null. */
  public static AnyValue attribute(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return kv.getValue();
      }
    }
    return null;
  }

  public static String stringAttribute(List<KeyValue> attributes, String key) {
    AnyValue v = attribute(attributes, key);
    return v == null ? null : v.getStringValue();
  }

  public static Long longAttribute(List<KeyValue> attributes, String key) {
    AnyValue v = attribute(attributes, key);
    return v == null ? null : v.getIntValue();
  }

  public static Boolean booleanAttribute(List<KeyValue> attributes, String key) {
    AnyValue v = attribute(attributes, key);
    return v == null ? null : v.getBoolValue();
  }

  public static List<String> stringArrayAttribute(List<KeyValue> attributes, String key) {
    AnyValue v = attribute(attributes, key);
    if (v == null) {
      return null;
    }
    List<String> result = new ArrayList<>();
    for (AnyValue e : v.getArrayValue().getValuesList()) {
      result.add(e.getStringValue());
    }
    return result;
  }
}
