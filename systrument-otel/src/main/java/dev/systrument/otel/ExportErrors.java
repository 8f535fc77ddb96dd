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
   * A one-line reason: {@code HTTP 400 Bad Request}, or the innermost exception with a message
   * ({@code java.net.ConnectException: Connection refused}). The JDK HTTP client often throws a
   * {@code ConnectException} without a message whose cause has one, hence the walk.
   */
  static String describe(Throwable t) {
    if (t == null) {
      return "export failed (no reason given)";
    }
    // FailedExportException lives in an SDK ".internal" package; we pin the SDK version, and only
    // read the HTTP status from it.
    if (t instanceof FailedExportException.HttpExportException h && h.failedWithResponse()) {
      HttpResponse response = h.getResponse();
      String message = response.getStatusMessage();
      return "HTTP " + response.getStatusCode() + (message == null || message.isEmpty() ? "" : " " + message);
    }
    Throwable reason = t;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !(c instanceof FailedExportException)) {
        reason = c;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    String message = reason.getMessage();
    return message == null ? reason.getClass().getName() : reason.getClass().getName() + ": " + message;
  }
}
