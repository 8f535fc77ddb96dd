package dev.systrument.model.process;

import dev.systrument.model.TraceEvent;
import java.util.List;

/**
 * Streaming view of the tracker's decisions, for exporters. All methods have empty defaults.
 *
 * <p>Order contract, per input event: callbacks that create or change state ({@link
 * #processStarted}, {@link #threadStarted}, {@link #parentFound}, {@link #exec}, {@link
 * #execFailed}) come before {@link #event} for that input event; callbacks that end something
 * ({@link #taskEnded}, then {@link #processEnded} when it was the last task) come after it. Every
 * input event reaches {@link #event} exactly once. {@link #finished} comes last, once, after
 * tasks still running at the end of the log were ended with {@link ExitStatus#UNKNOWN}.
 *
 * <p>A task is reported once its identity is settled and never changes afterwards: a task whose
 * lines came before its parent's {@code clone} returned is held back (with its events) until its
 * spawn is known or it proves to be a process (see {@link ProcessTracker}), so its {@link #event}
 * calls come after its start even when they came earlier in the input. {@link #processEnded}
 * comes at most once per process; {@link #parentFound} may come after the child ended (its spawn
 * line was printed after its exit), and so may {@link #event} for a record that started before
 * the task's end but was delivered after it (an {@code <unfinished ...>} call flushed late).
 */
public interface ProcessListener {

  /**
   * A new process identity (its leader task). {@code spawn} is null when the spawning call is not
   * (yet) known: a root, or a child whose first lines came before its parent's clone returned
   * (then {@link #parentFound} follows once it does).
   */
  default void processStarted(Task leader, Spawn spawn, long timestampNs) {}

  /** A new non-leader thread in an existing process; {@code spawn} null when not known (yet). */
  default void threadStarted(Task thread, Spawn spawn, long timestampNs) {}

  /** The spawn of a task reported earlier without one became known. */
  default void parentFound(Task child, Spawn spawn) {}

  /** A successful exec: {@code leader}'s process now runs {@code image}. */
  default void exec(Task leader, ExecImage image) {}

  /** A failed exec attempt by {@code task}. */
  default void execFailed(Task task, ExecAttempt attempt) {}

  /**
   * Every input event, with the task it belongs to ({@code task.tid() == event.pid()}); {@code
   * task} is null for an event that names no task (pid 0: some strace diagnostics).
   */
  default void event(Task task, TraceEvent event) {}

  /** A task ended (for a thread-group leader, the process may still have threads running). */
  default void taskEnded(Task task, ExitStatus status, long timestampNs) {}

  /** The last task of a process ended; {@code status} is the process's (the leader's) status. */
  default void processEnded(Task leader, ExitStatus status, long timestampNs) {}

  /** End of input; {@code tree} is the final snapshot. */
  default void finished(ProcessTree tree) {}

  /** A listener that forwards every call to each of {@code listeners}, in order. */
  static ProcessListener composite(List<? extends ProcessListener> listeners) {
    List<ProcessListener> all = List.copyOf(listeners);
    return new CompositeProcessListener(all);
  }
}
