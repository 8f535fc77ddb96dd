package dev.systrument.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK logs each failed export with a stack trace (java.util.logging, SEVERE) on
 * stderr; {@code strace2otel} and {@code record --otel} already report failures in one line naming
 * the endpoint ({@code OTLP http://...: 0 spans exported, 4 failed; cannot export spans to ...}),
 * so the SDK's copy is noise. Silenced only by the commands that export: setting up
 * java.util.logging costs ~20 ms, which every other command (and the relaunching JVM) skips.
 */
final class OtelSdkLogging {
  /** Held: java.util.logging keeps loggers only weakly, and would forget the level. */
  private static Logger sdkLogger;

  private OtelSdkLogging() {}

  static synchronized void silence() {
    if (sdkLogger == null) {
      sdkLogger = Logger.getLogger("io.opentelemetry");
      sdkLogger.setLevel(Level.OFF);
    }
  }
}
