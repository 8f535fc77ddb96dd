package dev.systrument.otel;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** The first export error of a run (traces and logs share it), and how to say what went wrong. */
final class ExportErrors {
  /** A receiver's message is shown on one line of stderr: long ones (a stack trace) are cut. */
  private static final int MAX_MESSAGE_LENGTH = 300;

  private final AtomicReference<String> first = new AtomicReference<>();

  void record(String message) {
    first.compareAndSet(null, message);
  }

  /** The first error recorded, or null. */
  String first() {
    return first.get();
  }

  /**
   * A one-line reason: {@code HTTP 400: <the receiver's message>}, {@code no answer within 10 s}, or
   * the exception the SDK wrapped with the first message found along its causes.
   *
   * @param timeout the request's timeout (all attempts), to say how long we waited
   */
  static String describe(Throwable t, Duration timeout) {
    if (t == null) {
      return "export failed (no reason given)";
    }
    if (t instanceof OtlpJsonLines.WriteFailed) {
      return t.getMessage();
    }
    // FailedExportException lives in an SDK ".internal" package; we pin the SDK version, and only
    // read the HTTP answer from it.
    if (t instanceof FailedExportException.HttpExportException h && h.failedWithResponse()) {
      HttpResponse response = h.getResponse();
      // The JDK client knows no reason phrases: its "status message" is the code again. The body
      // of a 4xx/5xx is a google.rpc.Status whose message says why (OTLP spec, "Failures").
      String text = "HTTP " + response.getStatusCode();
      String message = OtlpAnswer.statusMessage(response.getResponseBody());
      return message == null ? text : text + ": " + oneLine(message);
    }
    if (t instanceof FailedExportException.GrpcExportException g && g.failedWithResponse()) {
      GrpcResponse response = g.getResponse();
      String text = "gRPC " + response.getStatusCode();
      String message = response.getStatusDescription();
      return message == null || message.isBlank() ? text : text + ": " + oneLine(message);
    }
    // Unwrap the SDK's wrapper; its own message is just its cause's toString().
    Throwable root = t instanceof FailedExportException && t.getCause() != null ? t.getCause() : t;
    if (root instanceof HttpConnectTimeoutException) {
      return "cannot connect within " + seconds(timeout) + " (" + root.getClass().getName() + ")";
    }
    if (root instanceof java.io.InterruptedIOException && root.getMessage() != null
        && root.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect")) {
      // OkHttp (gRPC): a SocketTimeoutException "Connect timed out"
      return "cannot connect within " + seconds(timeout) + " (" + root.getClass().getName() + ")";
    }
    if (root instanceof HttpTimeoutException || root instanceof java.io.InterruptedIOException) {
      // JDK client: HttpTimeoutException; OkHttp (gRPC): InterruptedIOException "timeout" when the
      // call's deadline passes, SocketTimeoutException when a read does.
      // The SDK gives each attempt what is left of the timeout: a stalled receiver uses it all.
      return "no answer within " + seconds(timeout) + " (the request timeout, retries included)";
    }
    String detail = null;
    for (Throwable c = root; c != null && detail == null; c = c.getCause() == c ? null : c.getCause()) {
      detail = c.getMessage();
    }
    String mismatch = protocolMismatch(detail);
    if (mismatch != null) {
      return root.getClass().getName() + ": " + mismatch;
    }
    String text = detail == null ? root.getClass().getName() : root.getClass().getName() + ": " + detail;
    if (root instanceof java.net.ConnectException) {
      // The JDK client's ConnectException carries no message (its cause is a ClosedChannelException).
      text += " (cannot connect: is a collector listening there?)";
    } else if (root.getClass() == java.io.IOException.class) {
      // What the JDK client throws when the receiver closes the connection before answering
      // ("HTTP/1.1 header parser received no bytes", "Connection reset").
      text += " (the connection closed before an answer)";
    }
    return text;
  }

  /**
   * What the senders say when the receiver speaks the other protocol, in words: the JDK client got
   * an HTTP/2 server's frames where it expected an HTTP/1.1 status line (its message then quotes
   * those bytes), or OkHttp's HTTP/2 got an HTTP/1.1 answer. Null for anything else.
   */
  private static String protocolMismatch(String detail) {
    if (detail == null) {
      return null;
    }
    if (detail.startsWith("parsing HTTP/1.1 status line")) {
      return "the receiver does not answer in HTTP/1.1 (an OTLP/gRPC port, usually 4317? use protocol grpc)";
    }
    if (detail.startsWith("FRAME_SIZE_ERROR") || detail.startsWith("PROTOCOL_ERROR")) {
      return "the receiver does not answer in HTTP/2 (" + detail
          + "; an OTLP/HTTP port, usually 4318? use protocol http/protobuf)";
    }
    return null;
  }

  /** {@code text} on one line and at most a few hundred characters: a receiver's message is foreign text. */
  static String oneLine(String text) {
    String line = text.strip().replaceAll("[\\s\\p{Cntrl}]+", " ");
    return line.length() <= MAX_MESSAGE_LENGTH ? line : line.substring(0, MAX_MESSAGE_LENGTH) + "...";
  }

  /** {@code 10 s}, {@code 0.3 s}. */
  static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
  }
}
