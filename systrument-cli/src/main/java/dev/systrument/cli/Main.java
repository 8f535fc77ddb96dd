package dev.systrument.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point of {@code systrument-cli.jar}. */
public final class Main {
  private Main() {}

  /**
   * The OpenTelemetry SDK logs each failed export with a stack trace (java.util.logging, SEVERE)
   * on stderr; {@code strace2otel} already reports failures in one line naming the endpoint
   * ({@code OTLP http://...: 0 spans exported, 4 failed; cannot export spans to ...}), so the
   * SDK's copy is noise. Held in a field: java.util.logging keeps loggers only weakly.
   */
  private static final Logger OTEL_SDK_LOGGER = Logger.getLogger("io.opentelemetry");

  public static void main(String[] args) throws Exception {
    JvmLaunch.Relaunch relaunch = JvmLaunch.relaunch(args, System.getenv());
    if (relaunch != null) {
      System.exit(JvmLaunch.runChild(relaunch));
    }
    OTEL_SDK_LOGGER.setLevel(Level.OFF);
    CliContext context = new CliContext(System.in, System.out, System.err, System.getenv(), Path.of("").toAbsolutePath());
    int code = new Cli(context).run(args);
    System.out.flush();
    System.exit(code);
  }
}
