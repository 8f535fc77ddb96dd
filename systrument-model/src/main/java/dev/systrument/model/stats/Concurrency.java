package dev.systrument.model.stats;

import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ProcessNode;
import java.util.List;

/**
 * Parallelism from a {@link RunningCounts} sweep over the processes' starts and ends.
 * Without times the synthetic clock still orders starts and ends, so the peak holds; the mean and
 * the serial time do not and are left unknown.
 */
final class Concurrency {
  private Concurrency() {}

  static Parallelism of(List<ProcessNode> processes, boolean timed) {
    RunningCounts counts = new RunningCounts();
    for (ProcessNode p : processes) {
      if (p.startNs() == TraceEvent.NO_TIMESTAMP || p.endNs() == TraceEvent.NO_TIMESTAMP) {
        continue;
      }
      counts.add(p.startNs(), true);
      counts.add(Math.max(p.startNs(), p.endNs()), false);
    }
    if (counts.isEmpty()) {
      return new Parallelism(0, timed ? 0 : Double.NaN, timed ? 0 : -1, timed ? 0 : -1);
    }
    Sweep sweep = new Sweep(counts.firstTs());
    counts.sweep(sweep);
    if (!timed) {
      return new Parallelism(sweep.peak, Double.NaN, -1, -1);
    }
    long wall = sweep.previous - sweep.first;
    return new Parallelism(sweep.peak, wall > 0 ? (double) sweep.weighted / wall : sweep.peak, sweep.serial, wall);
  }

  /** Peak, time-weighted sum and time alone, accumulated over the steps. */
  private static final class Sweep implements RunningCounts.Step {
    final long first;
    long previous;
    long running;
    int peak;
    long weighted;
    long serial;

    Sweep(long first) {
      this.first = first;
      this.previous = first;
    }

    @Override
    public void at(long ts, long runningAfter) {
      weighted += running * (ts - previous);
      if (running == 1) {
        serial += ts - previous;
      }
      previous = ts;
      running = runningAfter;
      peak = (int) Math.max(peak, runningAfter);
    }
  }
}
