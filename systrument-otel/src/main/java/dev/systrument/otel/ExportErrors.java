package dev.systrument.otel;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

/** The first export error of a run (traces and logs share it), and how to say what went wrong. */
final class ExportErrors {
  private final AtomicReference<String> first = new AtomicReference<>();

  void record(String message) {
    first.compareAndSet(null, message);
  }

  /** The first error recorded, or null. */
  String first() {
    return first.get();
  }

  /**
   * A one-line reason: {@code HTTP 400}, or the exception the SDK wrapped with the first message
   * found along its causes ({@code java.net.http.HttpTimeoutException: request timed out}).
   */
  static String describe(Throwable t) {
    if (t == null) {
      return "export failed (no reason given)";
    }
    // FailedExportException lives in an SDK ".internal" package; we pin the SDK version, and only
    // read the HTTP status from it.
    if (t instanceof FailedExportException.HttpExportException h && h.failedWithResponse()) {
      HttpResponse response = h.getResponse();
      // The JDK client knows no reason phrases: its "status message" is the code again.
      String code = Integer.toString(response.getStatusCode());
      String message = response.getStatusMessage();
      boolean hasReason = message != null && !message.isBlank() && !message.equals(code);
      return "HTTP " + code + (hasReason ? " " + message : "");
    }
    // Unwrap the SDK's wrapper; its own message is just its cause's toString().
    Throwable root = t instanceof FailedExportException && t.getCause() != null ? t.getCause() : t;
    String detail = null;
    for (Throwable c = root; c != null && detail == null; c = c.getCause() == c ? null : c.getCause()) {
      detail = c.getMessage();
    }
    String text = detail == null ? root.getClass().getName() : root.getClass().getName() + ": " + detail;
    if (root instanceof java.net.ConnectException) {
      // The JDK client's ConnectException carries no message (its cause is a ClosedChannelException).
      text += " (cannot connect: is a collector listening there?)";
    }
    return text;
  }
}
