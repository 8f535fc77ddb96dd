package dev.systrument.model.process;

import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.util.ArrayDeque;

/**
 * The tracker's mutable state for one task identity (one tid from its first appearance to its
 * end). A reused tid gets a new {@code TaskState} with a new key.
 *
 * <p>A task is <em>pending</em> while the tracker does not yet know whether it is a process or a
 * thread: it was first seen through its own lines, before the parent's {@code clone} returned its
 * id. Its events wait in {@link #queue} until that is decided (see {@link ProcessTracker}).
 */
final class TaskState {
  final long taskKey;
  final int tid;
  final long firstSeenNs;
  long lastSeenNs;

  /** True until the task is known to be a process leader or a thread of some process. */
  boolean pending = true;
  /** The leader's tid when strace attached to this task's group at once ({@code attached with 3 threads}), or 0. */
  int attachedThreadOf;
  /** The {@code -Y} comm of its first line that had one ({@code 25704<python3>}), or "". */
  String comm = "";
  /** Events of a pending task, in input order; null once resolved (or while empty). */
  ArrayDeque<TraceEvent> queue;
  /** A pending task whose {@code +++ exited}/{@code +++ killed} line is already queued. */
  boolean endLineQueued;
  long queuedEndNs = TraceEvent.NO_TIMESTAMP;

  /** Set when resolved. */
  ProcessState process;
  Task identity;
  /**
   * Whether its spawning call is known. Only that is kept, not the {@link Spawn}: listeners got
   * the spawn when it was found, and keeping every clone call (its arguments, its result) for the
   * life of the tree was most of the tracker's memory in a log with a million processes.
   */
  boolean spawnKnown;
  long startNs = TraceEvent.NO_TIMESTAMP;

  boolean ended;
  long endNs = TraceEvent.NO_TIMESTAMP;
  ExitStatus exit;

  /**
   * Exit evidence from an {@code exit(N)}/{@code exit_group(N) = ?} call (the task's own or its
   * group's): with {@code --quiet=exit} no {@code +++ exited} line follows, so this is what ends
   * the task at end of input. Normally the {@code +++} line comes and wins.
   */
  ExitStatus exitEvidence;
  long exitEvidenceNs = TraceEvent.NO_TIMESTAMP;
  /** The task itself called exit/exit_group: it makes no further syscalls. */
  boolean exitCalled;

  /** The task's last execve that did not return (yet): a superseding exec completes it elsewhere. */
  SyscallEvent unfinishedExec;
  /** A successful exec of this non-leader thread was already credited to its process. */
  boolean execCredited;

  TaskState(long taskKey, int tid, long firstSeenNs) {
    this.taskKey = taskKey;
    this.tid = tid;
    this.firstSeenNs = firstSeenNs;
    this.lastSeenNs = firstSeenNs;
  }

  boolean isLeader() {
    return process != null && process.leader == this;
  }

  /** Buffers an event of a pending task. */
  void enqueue(TraceEvent event) {
    if (queue == null) {
      queue = new ArrayDeque<>();
    }
    queue.add(event);
    if (event instanceof ExitEvent || event instanceof KilledEvent) {
      endLineQueued = true;
      queuedEndNs = event.timestampNs();
    } else if (event instanceof SyscallEvent s && SyscallKind.of(s.name()).isExit()) {
      exitCalled = true;
      exitEvidenceNs = s.timestampNs();
    }
  }

  int queuedEvents() {
    return queue == null ? 0 : queue.size();
  }

  /**
   * Whether {@code event}, printed with this task's tid, must belong to a new identity because
   * this one is over: it started at or after this task's {@code +++} line (still queued), or, once
   * the task called exit/exit_group, it is a syscall started at or after that call (a task in exit
   * makes none; with {@code --quiet=exit} nothing else marks its end). Exit lines, signals and
   * strace's own messages still belong to it, and so does a record that started earlier but was
   * delivered late.
   */
  boolean isOverFor(TraceEvent event) {
    long ts = event.timestampNs();
    if (pending && endLineQueued) {
      return ts >= queuedEndNs;
    }
    return exitCalled
        && ts >= exitEvidenceNs
        && event instanceof SyscallEvent s
        && !SyscallKind.of(s.name()).isExit();
  }
}
