package dev.systrument.model.stats;

import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ProcessNode;
import java.util.Arrays;
import java.util.List;

/**
 * A sweep over process starts (+1) and ends (-1) in time order. At equal times ends go first, so
 * a parent that forks a child in the instant another child ended is not counted three times.
 * Without times the synthetic clock still orders starts and ends, so the peak holds; the mean and
 * the serial time do not and are left unknown.
 */
final class Concurrency {
  private Concurrency() {}

  static Parallelism of(List<ProcessNode> processes, boolean timed) {
    long[] points = new long[processes.size() * 2];
    int n = 0;
    for (ProcessNode p : processes) {
      if (p.startNs() == TraceEvent.NO_TIMESTAMP || p.endNs() == TraceEvent.NO_TIMESTAMP) {
        continue;
      }
      // time in the high bits, the step in the lowest: an end (0) sorts before a start (1)
      points[n++] = p.startNs() * 2 + 1;
      points[n++] = Math.max(p.startNs(), p.endNs()) * 2;
    }
    if (n == 0) {
      return new Parallelism(0, timed ? 0 : Double.NaN, timed ? 0 : -1, timed ? 0 : -1);
    }
    Arrays.sort(points, 0, n);
    int running = 0;
    int peak = 0;
    long weighted = 0;
    long serial = 0;
    long previous = points[0] >> 1;
    for (int i = 0; i < n; i++) {
      long time = points[i] >> 1;
      weighted += running * (time - previous);
      if (running == 1) {
        serial += time - previous;
      }
      previous = time;
      running += (points[i] & 1) == 1 ? 1 : -1;
      peak = Math.max(peak, running);
    }
    long wall = (points[n - 1] >> 1) - (points[0] >> 1);
    if (!timed) {
      return new Parallelism(peak, Double.NaN, -1, -1);
    }
    return new Parallelism(peak, wall > 0 ? (double) weighted / wall : peak, serial, wall);
  }
}
