package dev.systrument.model.process;

import dev.systrument.model.TraceEvent;
import java.util.List;

/** See {@link ProcessListener#composite}. */
final class CompositeProcessListener implements ProcessListener {
  /** An array, not a list: every event passes through here, and a list's iterator is an object per loop. */
  private final ProcessListener[] listeners;

  CompositeProcessListener(List<ProcessListener> listeners) {
    this.listeners = listeners.toArray(new ProcessListener[0]);
  }

  @Override
  public void processStarted(Task leader, Spawn spawn, long timestampNs) {
    for (ProcessListener l : listeners) {
      l.processStarted(leader, spawn, timestampNs);
    }
  }

  @Override
  public void threadStarted(Task thread, Spawn spawn, long timestampNs) {
    for (ProcessListener l : listeners) {
      l.threadStarted(thread, spawn, timestampNs);
    }
  }

  @Override
  public void parentFound(Task child, Spawn spawn) {
    for (ProcessListener l : listeners) {
      l.parentFound(child, spawn);
    }
  }

  @Override
  public void exec(Task leader, ExecImage image) {
    for (ProcessListener l : listeners) {
      l.exec(leader, image);
    }
  }

  @Override
  public void execFailed(Task task, ExecAttempt attempt) {
    for (ProcessListener l : listeners) {
      l.execFailed(task, attempt);
    }
  }

  @Override
  public void event(Task task, TraceEvent event) {
    for (ProcessListener l : listeners) {
      l.event(task, event);
    }
  }

  @Override
  public void taskEnded(Task task, ExitStatus status, long timestampNs) {
    for (ProcessListener l : listeners) {
      l.taskEnded(task, status, timestampNs);
    }
  }

  @Override
  public void processEnded(Task leader, ExitStatus status, long timestampNs) {
    for (ProcessListener l : listeners) {
      l.processEnded(leader, status, timestampNs);
    }
  }

  @Override
  public void finished(ProcessTree tree) {
    for (ProcessListener l : listeners) {
      l.finished(tree);
    }
  }
}
