package dev.systrument.otel;

import com.google.protobuf.CodedOutputStream;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP receiver in the test JVM, over HTTP ({@link #start()}) or gRPC ({@link #startGrpc()}, the
 * grpc-java Netty server with the service stubs of opentelemetry-proto): decodes real requests with
 * the official opentelemetry-proto classes (gzip too) and keeps what arrived. Answers 200 unless a scripted
 * {@link Answer} is queued for the path ({@link #answerNext}): an error status, a partial success,
 * no answer at all, or a dropped connection; a payload answered with an error is not kept, as a real
 * collector would not have it. It can also stop listening for a while ({@link
 * #refuseConnectionsFor}). Every request that reached it is in {@link #requests()}, so tests count
 * attempts. Over gRPC, the scripted answers are {@link Answer.GrpcStatus}, {@link
 * Answer.PartialSuccess} and {@link Answer.Stall}, and {@link Request#answeredStatus()} is 200 for OK
 * (as over HTTP), else the gRPC status code.
 *
 * <p>Public (and published in this module's test-jar) for systrument-cli's corpus tests.
 */
public final class OtlpReceiver implements AutoCloseable {
  public static final String TRACES = "/v1/traces";
  public static final String LOGS = "/v1/logs";

  /** {@link Request#answeredStatus()} of a request that got no answer ({@link Answer.Stall}, {@link Answer.Disconnect}). */
  public static final int NO_ANSWER = 0;

  /** One HTTP request as received. */
  public record Request(String path, long receivedNanos, int answeredStatus, String contentEncoding, Map<String, List<String>> headers) {}

  /** How the receiver answers one request instead of with a plain 200. */
  public sealed interface Answer {
    /**
     * {@code status} with {@code headers} ({@code Retry-After}); for an error status the body is a
     * {@code google.rpc.Status} carrying {@code message} when it is not null, as the OTLP spec asks.
     */
    record Status(int status, Map<String, String> headers, String message) implements Answer {}

    /**
     * 200 with {@code partial_success}: {@code rejected_spans} (or {@code rejected_log_records}) and
     * {@code error_message}; the last {@code rejected} items of the request are not kept.
     */
    record PartialSuccess(long rejected, String message) implements Answer {}

    /** The request is read but not answered: the connection stays open until the client gives up or the receiver closes. */
    record Stall() implements Answer {}

    /** The connection is closed while the request is being read, without an answer; nothing is kept. */
    record Disconnect() implements Answer {}

    /** Over gRPC: the call fails with status {@code code} ({@code Status.Code.UNAVAILABLE}) and {@code message}. */
    record GrpcStatus(io.grpc.Status.Code code, String message) implements Answer {}
  }

  /** Over gRPC, the headers of the call being answered (the interceptor puts them there). */
  private static final Context.Key<Metadata> GRPC_HEADERS = Context.key("otlp-receiver-headers");

  private record Scripted(String path, Answer answer) {}

  private final int port;
  private final boolean grpc;
  private volatile HttpServer server;
  private volatile Server grpcServer;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final ConcurrentLinkedQueue<Scripted> scripted = new ConcurrentLinkedQueue<>();
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

  private OtlpReceiver(boolean keepRecords, boolean grpc) throws IOException {
    this.keepRecords = keepRecords;
    this.grpc = grpc;
    if (grpc) {
      grpcServer = listenGrpc(0);
      port = grpcServer.getPort();
    } else {
      server = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = server.getAddress().getPort();
    }
  }

  private Server listenGrpc(int onPort) throws IOException {
    ServerInterceptor headers = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata, ServerCallHandler<Q, A> next) {
        return Contexts.interceptCall(Context.current().withValue(GRPC_HEADERS, metadata), call, metadata, next);
      }
    };
    return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort))
        .addService(ServerInterceptors.intercept(new GrpcTraces(), headers))
        .addService(ServerInterceptors.intercept(new GrpcLogs(), headers))
        .executor(executor)
        .build()
        .start();
  }

  private HttpServer listen(InetSocketAddress address) throws IOException {
    HttpServer s = HttpServer.create(address, 0);
    s.createContext("/", this::handle);
    s.setExecutor(executor);
    s.start();
    return s;
  }

  public static OtlpReceiver start() throws IOException {
    return new OtlpReceiver(true, false);
  }

  /** A receiver speaking OTLP/gRPC (plaintext HTTP/2) at {@link #baseUrl()}. */
  public static OtlpReceiver startGrpc() throws IOException {
    return new OtlpReceiver(true, true);
  }

  /**
   * A receiver for volume tests: decodes everything but keeps only span ids and the log records'
   * {@code systrument.source.line}, to check that each arrived exactly once.
   */
  public static OtlpReceiver startCounting() throws IOException {
    return new OtlpReceiver(false, false);
  }

  /** {@link #startCounting()} over gRPC. */
  public static OtlpReceiver startGrpcCounting() throws IOException {
    return new OtlpReceiver(false, true);
  }

  /** Whether this receiver speaks gRPC (else HTTP). */
  public boolean isGrpc() {
    return grpc;
  }

  /** Where the exporter sends {@code path} ({@link #TRACES}): the base URL plus the path over HTTP, the base URL over gRPC. */
  public String target(String path) {
    return grpc ? baseUrl() + " (grpc)" : baseUrl() + path;
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
    return "http://127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:PORT} where nothing listens: connections are refused. */
  public static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort(); // closed again: nothing listens there
    }
  }

  /** The next request to {@code path} is answered with {@code status} and {@code headers}. */
  public void answerNext(String path, int status, Map<String, String> headers) {
    answerNext(path, new Answer.Status(status, headers, null));
  }

  /** The next request to {@code path} is answered so (answers queue up in order, per path). */
  public void answerNext(String path, Answer answer) {
    scripted.add(new Scripted(path, answer));
  }

  /**
   * Stops listening now and listens again on the same port after {@code pause}: connections made
   * meanwhile are refused, as when a collector restarts.
   */
  public void refuseConnectionsFor(Duration pause) {
    if (grpc) {
      grpcServer.shutdownNow();
      try {
        grpcServer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Thread restart = new Thread(() -> {
        try {
          Thread.sleep(pause.toMillis());
          grpcServer = listenGrpc(port);
        } catch (InterruptedException | IOException e) {
          throw new IllegalStateException("receiver could not listen again on port " + port, e);
        }
      }, "otlp-receiver-restart");
      restart.setDaemon(true);
      restart.start();
      return;
    }
    InetSocketAddress address = server.getAddress();
    server.stop(0);
    Thread restart = new Thread(() -> {
      try {
        Thread.sleep(pause.toMillis());
        server = listen(address);
      } catch (InterruptedException | IOException e) {
        throw new IllegalStateException("receiver could not listen again on " + address, e);
      }
    }, "otlp-receiver-restart");
    restart.setDaemon(true);
    restart.start();
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

  /** The answer scripted next for {@code path}, or null for a plain success. */
  private Answer takeAnswer(String path) {
    for (Scripted s : scripted) {
      if (s.path().equals(path) && scripted.remove(s)) {
        return s.answer();
      }
    }
    return null;
  }

  private void receive(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    String path = exchange.getRequestURI().getPath();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    Answer answer = takeAnswer(path);
    if (answer instanceof Answer.GrpcStatus) {
      throw new IllegalStateException("a gRPC status scripted for an HTTP receiver");
    }
    if (answer instanceof Answer.Disconnect) {
      exchange.getRequestBody().read(new byte[16]); // the request has begun to arrive
      record(path, now, NO_ANSWER, encoding, exchange.getRequestHeaders());
      exchange.close(); // before any answer: the connection itself is closed
      return;
    }
    byte[] body;
    try (InputStream in = "gzip".equalsIgnoreCase(encoding)
        ? new GZIPInputStream(exchange.getRequestBody())
        : exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (answer instanceof Answer.Stall) {
      record(path, now, NO_ANSWER, encoding, exchange.getRequestHeaders());
      try {
        closed.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    int status = 200;
    byte[] response = new byte[0];
    if (answer instanceof Answer.Status s) {
      status = s.status();
      s.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      if (s.message() != null) {
        response = rpcStatus(s.message());
      }
    } else {
      long rejected = answer instanceof Answer.PartialSuccess p ? p.rejected() : 0;
      String message = answer instanceof Answer.PartialSuccess p ? p.message() : "";
      if (path.equals(TRACES)) {
        keepSpans(ExportTraceServiceRequest.parseFrom(body), rejected);
        ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
        if (answer != null) {
          r.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message));
        }
        response = r.build().toByteArray();
      } else if (path.equals(LOGS)) {
        keepLogs(ExportLogsServiceRequest.parseFrom(body), rejected);
        ExportLogsServiceResponse.Builder r = ExportLogsServiceResponse.newBuilder();
        if (answer != null) {
          r.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected).setErrorMessage(message));
        }
        response = r.build().toByteArray();
      } else {
        status = 404;
      }
    }
    if (keepRecords) {
      synchronized (this) {
        bodies.add(body); // the raw request, for byte searches (SecretsTest)
      }
    }
    record(path, now, status, encoding, exchange.getRequestHeaders());
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response);
    }
  }

  private synchronized void record(String path, long receivedNanos, int status, String encoding, Map<String, List<String>> headers) {
    requests.add(new Request(path, receivedNanos, status, encoding, Map.copyOf(headers)));
  }

  /**
   * One gRPC export call: the scripted answer, else OK with the request kept (its last {@code
   * rejected} items not, for a partial success).
   *
   * @param keep keeps the request's items but the last {@code rejected} and returns the success answer
   */
  private <Q extends com.google.protobuf.Message, A> void exportCall(
      String path, Q request, StreamObserver<A> answer, java.util.function.ObjLongConsumer<Q> keep,
      java.util.function.BiFunction<Long, String, A> success) {
    long now = System.nanoTime();
    Metadata metadata = GRPC_HEADERS.get();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String key : metadata.keys()) {
      if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        List<String> values = new ArrayList<>();
        metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)).forEach(values::add);
        headers.put(key, values);
      }
    }
    String encoding = metadata.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER));
    Answer scripted = takeAnswer(path);
    if (scripted instanceof Answer.Stall) {
      record(path, now, NO_ANSWER, encoding, headers); // never answered: the client's deadline ends the call
      return;
    }
    if (scripted instanceof Answer.GrpcStatus g) {
      record(path, now, g.code().value(), encoding, headers);
      answer.onError(io.grpc.Status.fromCode(g.code()).withDescription(g.message()).asRuntimeException());
      return;
    }
    if (scripted instanceof Answer.Status || scripted instanceof Answer.Disconnect) {
      throw new IllegalStateException(scripted + " scripted for a gRPC receiver");
    }
    long rejected = scripted instanceof Answer.PartialSuccess p ? p.rejected() : 0;
    keep.accept(request, rejected);
    if (keepRecords) {
      synchronized (this) {
        bodies.add(request.toByteArray());
      }
    }
    record(path, now, 200, encoding, headers);
    answer.onNext(success.apply(scripted == null ? null : rejected,
        scripted instanceof Answer.PartialSuccess p ? p.message() : ""));
    answer.onCompleted();
  }

  private final class GrpcTraces extends TraceServiceGrpc.TraceServiceImplBase {
    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> answer) {
      exportCall(TRACES, request, answer, OtlpReceiver.this::keepSpans, (rejected, message) -> {
        ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
        if (rejected != null) {
          r.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message));
        }
        return r.build();
      });
    }
  }

  private final class GrpcLogs extends LogsServiceGrpc.LogsServiceImplBase {
    @Override
    public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> answer) {
      exportCall(LOGS, request, answer, OtlpReceiver.this::keepLogs, (rejected, message) -> {
        ExportLogsServiceResponse.Builder r = ExportLogsServiceResponse.newBuilder();
        if (rejected != null) {
          r.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected).setErrorMessage(message));
        }
        return r.build();
      });
    }
  }

  /** A {@code google.rpc.Status} with only {@code message} (field 2), the body of an OTLP error answer. */
  private static byte[] rpcStatus(String message) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(2, message);
    out.flush();
    return bytes.toByteArray();
  }

  /** Keeps the spans of {@code request} but the last {@code rejected}. */
  private synchronized void keepSpans(ExportTraceServiceRequest request, long rejected) {
    long accept = request.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
        .mapToLong(ScopeSpans::getSpansCount).sum() - rejected;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      if (keepRecords) {
        resources.add(rs.getResource());
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        if (keepRecords) {
          scopes.add(ss.getScope().getName());
        }
        for (Span span : ss.getSpansList()) {
          if (accept-- <= 0) {
            continue;
          }
          spanCount++;
          spanIds.add(hex(span.getSpanId()));
          if (keepRecords) {
            spans.add(span);
          }
        }
      }
    }
  }

  /** Keeps the log records of {@code request} but the last {@code rejected}. */
  private synchronized void keepLogs(ExportLogsServiceRequest request, long rejected) {
    long accept = request.getResourceLogsList().stream().flatMap(rl -> rl.getScopeLogsList().stream())
        .mapToLong(ScopeLogs::getLogRecordsCount).sum() - rejected;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      if (keepRecords) {
        resources.add(rl.getResource());
      }
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        if (keepRecords) {
          scopes.add(sl.getScope().getName());
        }
        for (LogRecord log : sl.getLogRecordsList()) {
          if (accept-- <= 0) {
            continue;
          }
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
    closed.countDown();
    if (grpc) {
      grpcServer.shutdownNow();
    } else {
      server.stop(0);
    }
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
