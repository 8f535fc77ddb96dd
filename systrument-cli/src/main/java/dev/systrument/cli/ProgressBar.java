package dev.systrument.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on stderr ({@code \r}-redrawn at most 5 times a second): percent of
 * input bytes, throughput and time left. A disabled bar prints nothing, so callers don't branch.
 */
final class ProgressBar {
  private static final long REDRAW_INTERVAL_NS = 200_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private final long totalBytes;
  private final String label;
  private final long startNs = System.nanoTime();
  private long lastDrawNs;
  private boolean drawn;

  /** @param totalBytes input size, or -1 when unknown (stdin, a pipe): then no percentage */
  ProgressBar(PrintStream err, boolean enabled, String label, long totalBytes) {
    this.err = err;
    this.enabled = enabled;
    this.label = label;
    this.totalBytes = totalBytes;
  }

  void update(long bytesDone) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDrawNs < REDRAW_INTERVAL_NS) {
      return;
    }
    lastDrawNs = now;
    double seconds = Math.max(1e-9, (now - startNs) / 1e9);
    double mbPerSecond = bytesDone / 1e6 / seconds;
    StringBuilder line = new StringBuilder("\r").append(label).append(' ');
    if (totalBytes > 0) {
      double fraction = Math.min(1.0, (double) bytesDone / totalBytes);
      int filled = (int) (fraction * 30);
      line.append('[').append("#".repeat(filled)).append(" ".repeat(30 - filled)).append("] ");
      line.append(String.format(Locale.ROOT, "%3.0f%% ", fraction * 100));
      if (mbPerSecond > 0 && fraction < 1) {
        double left = (totalBytes - bytesDone) / 1e6 / mbPerSecond;
        line.append(String.format(Locale.ROOT, "%.0f MB/s, %.0fs left", mbPerSecond, left));
      }
    } else {
      line.append(String.format(Locale.ROOT, "%.0f MB read, %.0f MB/s", bytesDone / 1e6, mbPerSecond));
    }
    line.append("\u001b[K");
    err.print(line);
    err.flush();
    drawn = true;
  }

  /** Erases the bar so the summary that follows starts on a clean line. */
  void finish() {
    if (enabled && drawn) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
