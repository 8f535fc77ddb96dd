package dev.systrument.model.process;

import dev.systrument.model.TraceEvent;

/**
 * Applies strace's process lifecycle rules to events in log order. Feed it with {@link #accept},
 * call {@link #finish} at end of input. Not thread-safe.
 */
public final class ProcessTracker {
  private final ProcessListener listener;

  public ProcessTracker(ProcessListener listener) {
    this.listener = listener;
  }

  public ProcessTracker() {
    this(new ProcessListener() {});
  }

  public void accept(TraceEvent event) {
    throw new UnsupportedOperationException("not implemented yet (issue #3)");
  }

  public void finish() {
    throw new UnsupportedOperationException("not implemented yet (issue #3)");
  }

  public ProcessTree snapshot() {
    throw new UnsupportedOperationException("not implemented yet (issue #3)");
  }
}
