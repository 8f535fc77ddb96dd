package dev.systrument.otel;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecAttempt;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import dev.systrument.otel.OtlpAnswer.PartialSuccess;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Exports the process tree as OpenTelemetry spans (one per exec image) and, with {@link
 * OtelOptions#logsEnabled()}, every strace event as a log record, over OTLP (http/protobuf or grpc),
 * while the log is read. The mapping is described in docs/otel.md.
 *
 * <p>Use: {@code OtelExporter.create(options)}, pass it to the {@code ProcessTracker} as its
 * listener, feed the tracker, then {@link #shutdown()} (or close) and check the {@link
 * ExportResult}. Nothing is dropped: when the receiver is slower than the log, the listener calls
 * block (see {@link ExportQueue}).
 *
 * <p>Listener calls must come from one thread (the tracker's); {@link #shutdown()} may come from
 * another once they are done.
 */
public final class OtelExporter implements ProcessListener, AutoCloseable {
  static final String SCOPE_NAME = "dev.systrument.otel";

  /** Spans carrying an environment are ~100 times larger; keep their requests in the MiB range. */
  private static final int SPAN_BATCH_SIZE_WITH_ENV = 64;

  private final OtelOptions options;
  private final Timeline timeline;
  private final SpanAssembler spans;
  private final LogRecordAssembler logRecords;
  private final SpanExporter spanExporter;
  private final LogRecordExporter logExporter;
  private final ExportQueue<SpanData> spanQueue;
  private final ExportQueue<LogRecordData> logQueue;
  private final ExportErrors errors = new ExportErrors();
  private ExportResult result;

  /** @param file where to write OTLP JSON Lines, or null to send to the options' endpoints */
  private OtelExporter(OtelOptions options, OtlpJsonLines file) {
    this.options = options;
    if (file == null) {
      OtlpEndpoint.checkSupported("traces", options.traces());
      if (options.logsEnabled()) {
        OtlpEndpoint.checkSupported("logs", options.logs());
      }
    }
    Resource resource = resource(options);
    InstrumentationScopeInfo scope = InstrumentationScopeInfo.create(SCOPE_NAME);
    RetryPolicy retry = OtlpEndpoint.retryPolicy(options.retryMaxAttempts, options.retryInitialBackoff);

    this.timeline = new Timeline(options.relativeToNow());
    Supplier<PartialSuccess> spanAnswers;
    if (file == null) {
      PartialSuccessCapture capture = new PartialSuccessCapture();
      this.spanExporter = OtlpEndpoint.spanExporter(options.traces(), retry, capture);
      spanAnswers = capture::take;
    } else {
      this.spanExporter = file.spanExporter();
      spanAnswers = () -> PartialSuccess.NONE; // a file takes everything it is given
    }
    int spanBatch = !options.redaction().exportsEnv()
        ? options.spanBatchSize
        : Math.min(options.spanBatchSize, SPAN_BATCH_SIZE_WITH_ENV);
    this.spanQueue = new ExportQueue<>("spans", file == null ? options.traces().target() : file.name(),
        spanExporter::export, spanAnswers, spanBatch, options.queueCapacity, options.traces().timeout(), errors);
    this.spans = new SpanAssembler(spanQueue::add, timeline, options.redaction(),
        ParentContext.parse(options.traceParent(), options.traceState()), resource, !options.serviceNameGiven(), scope);

    if (options.logsEnabled()) {
      Supplier<PartialSuccess> logAnswers;
      if (file == null) {
        PartialSuccessCapture capture = new PartialSuccessCapture();
        this.logExporter = OtlpEndpoint.logExporter(options.logs(), retry, capture);
        logAnswers = capture::take;
      } else {
        this.logExporter = file.logExporter();
        logAnswers = () -> PartialSuccess.NONE;
      }
      this.logQueue = new ExportQueue<>("log records", file == null ? options.logs().target() : file.name(),
          logExporter::export, logAnswers, options.logBatchSize, options.queueCapacity, options.logs().timeout(), errors);
      this.logRecords = new LogRecordAssembler(timeline, scope, options.redaction());
    } else {
      this.logExporter = null;
      this.logQueue = null;
      this.logRecords = null;
    }
  }

  /**
   * An exporter sending as {@code options} say; its sender threads start now.
   *
   * @throws IllegalArgumentException when the options ask for what we cannot do (protocol {@code
   *     http/json}, an endpoint that is not an http(s) URL), with a message to show
   */
  public static OtelExporter create(OtelOptions options) {
    return new OtelExporter(options, null);
  }

  /**
   * An exporter writing OTLP JSON Lines to {@code out} instead of sending (the format of the
   * Collector's {@code otlpjsonfile} receiver: one {@code {"resourceSpans":[...]}} or {@code
   * {"resourceLogs":[...]}} per line, see docs/otel.md). The options' endpoints, protocol, headers
   * and retries are not used. {@code out} is flushed line by line, never closed; a write that fails
   * fails the {@link ExportResult} (the file is then incomplete: do not keep it).
   *
   * @param name the file, for messages ({@code build.otlp.jsonl})
   */
  public static OtelExporter toJsonLines(OtelOptions options, OutputStream out, String name) {
    return new OtelExporter(options, new OtlpJsonLines(out, name));
  }

  public OtelOptions options() {
    return options;
  }

  @Override
  public void processStarted(Task leader, Spawn spawn, long timestampNs) {
    timeline.observe(timestampNs);
    spans.processStarted(leader, spawn, timestampNs);
  }

  @Override
  public void threadStarted(Task thread, Spawn spawn, long timestampNs) {
    timeline.observe(timestampNs);
    spans.threadStarted(thread, timestampNs);
  }

  @Override
  public void parentFound(Task child, Spawn spawn) {
    spans.parentFound(child, spawn);
  }

  @Override
  public void exec(Task leader, ExecImage image) {
    timeline.observe(image.timestampNs());
    spans.exec(leader, image);
  }

  @Override
  public void execFailed(Task task, ExecAttempt attempt) {
    timeline.observe(attempt.timestampNs());
    spans.execFailed(task, attempt);
  }

  @Override
  public void event(Task task, TraceEvent event) {
    // A syscall ends after its duration (-T): the <... resumed> line of a call that outlived exit_group.
    long end = event instanceof SyscallEvent s && s.durationNs() > 0 && event.timestampNs() != TraceEvent.NO_TIMESTAMP
        ? event.timestampNs() + s.durationNs()
        : event.timestampNs();
    timeline.observe(event.timestampNs());
    timeline.observe(end);
    spans.event(task, event, end);
    if (logQueue != null) {
      logQueue.add(logRecords.toLogRecord(task, event, spans.currentContext(task), spans.currentResource(task)));
    }
  }

  @Override
  public void taskEnded(Task task, ExitStatus status, long timestampNs) {
    timeline.observe(timestampNs);
  }

  @Override
  public void processEnded(Task leader, ExitStatus status, long timestampNs) {
    timeline.observe(timestampNs);
    spans.processEnded(leader, status, timestampNs);
  }

  /** Ends the spans still open and exports the root span; {@link #shutdown()} does it if this was not called. */
  @Override
  public void finished(ProcessTree tree) {
    spans.finish();
  }

  /**
   * Finishes (see {@link #finished}), waits until everything queued was exported or failed, stops
   * the sender threads and says how it went. Idempotent: later calls return the same result.
   */
  public synchronized ExportResult shutdown() {
    if (result != null) {
      return result;
    }
    spans.finish();
    spanQueue.close();
    spanExporter.shutdown().join(10, TimeUnit.SECONDS);
    if (logQueue != null) {
      logQueue.close();
      logExporter.shutdown().join(10, TimeUnit.SECONDS);
    }
    result = new ExportResult(
        spanQueue.exported(),
        spanQueue.failed(),
        logQueue == null ? 0 : logQueue.exported(),
        logQueue == null ? 0 : logQueue.failed(),
        errors.first());
    return result;
  }

  /** Same as {@link #shutdown()}; the result stays available from there. */
  @Override
  public void close() {
    shutdown();
  }

  private static Resource resource(OtelOptions options) {
    AttributesBuilder a = Attributes.builder();
    options.resourceAttributes().forEach(a::put);
    a.put("service.name", options.serviceName());
    // getDefault() brings telemetry.sdk.*; ours override its service.name (unknown_service:java).
    return Resource.getDefault().merge(Resource.create(a.build()));
  }
}
