package dev.systrument.otel;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

/**
 * Spans and log records as OTLP JSON Lines: each exported batch is one line holding an {@code
 * ExportTraceServiceRequest} ({@code {"resourceSpans":[...]}}) or {@code ExportLogsServiceRequest}
 * ({@code {"resourceLogs":[...]}}) in the OTLP JSON encoding (hex trace and span ids, enums as
 * numbers). That is what the Collector's {@code otlpjsonfile} receiver and file exporter read and
 * write, and what the SDK's own stdout exporter writes.
 *
 * <p>The JSON is the SDK's: its OTLP marshalers ({@code TraceRequestMarshaler}, {@code
 * LogsRequestMarshaler}, the same ones its OTLP/HTTP JSON body and its stdout exporter use), from
 * an SDK {@code .internal} package, as {@link ExportErrors} reads {@code FailedExportException}; we
 * pin the SDK version. The stdout exporter itself ({@code opentelemetry-exporter-logging-otlp}) is
 * not on Maven Central at 1.68.0, and its 1.62.0 calls Jackson-based marshaler methods that 1.68
 * removed.
 *
 * <p>Both signals write to one stream, a line at a time. Writing is synchronous: a failed write
 * fails that batch (the {@link ExportQueue} then gives up and counts the rest failed), so the
 * caller knows the file is incomplete. The stream is flushed after each line, never closed.
 */
final class OtlpJsonLines {
  private final OutputStream out;
  private final String name;

  /**
   * @param out where the lines go; not closed
   * @param name the file, for messages
   */
  OtlpJsonLines(OutputStream out, String name) {
    this.out = new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        super.out.write(b, off, len); // FilterOutputStream writes byte by byte
      }

      @Override
      public void close() throws IOException {
        flush(); // the SDK's JSON serializer closes the stream it writes to: keep ours open
      }
    };
    this.name = name;
  }

  String name() {
    return name;
  }

  // Two anonymous classes, not one class implementing both interfaces: SpanExporter's and
  // LogRecordExporter's export(Collection<...>) have the same erasure. Both have nothing to flush
  // (each line is flushed as it is written) and nothing to close (the stream is the caller's).
  SpanExporter spanExporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return writeLine(TraceRequestMarshaler.create(spans));
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  LogRecordExporter logExporter() {
    return new LogRecordExporter() {
      @Override
      public CompletableResultCode export(Collection<LogRecordData> logs) {
        return writeLine(LogsRequestMarshaler.create(logs));
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  /** One line; the two signals' queues write from their own threads. */
  private synchronized CompletableResultCode writeLine(Marshaler request) {
    try {
      request.writeJsonTo(out);
      out.write('\n');
      out.flush();
      return CompletableResultCode.ofSuccess();
    } catch (IOException | RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(new WriteFailed(e));
    }
  }

  /** A write to the file failed; the message is the innermost cause's ({@code No space left on device}). */
  static final class WriteFailed extends IOException {
    WriteFailed(Exception cause) {
      super("write failed: " + innermostMessage(cause), cause);
    }

    private static String innermostMessage(Throwable t) {
      String message = t.toString();
      for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c.getMessage() != null) {
          message = c.getMessage(); // the SDK's encoder wraps the stream's IOException in another
        }
      }
      return message;
    }
  }
}
