package dev.systrument.model.process;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Value.Str;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies strace's process lifecycle rules to events in log order. Feed it with {@link #accept},
 * call {@link #finish} at end of input. Not thread-safe.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Spawn</b>: {@code fork}, {@code vfork}, {@code clone}, {@code clone3} returning a tid.
 *       With {@code CLONE_THREAD} the child joins the caller's thread group; otherwise it is a new
 *       process whose parent is the caller's process ({@code CLONE_PARENT}: the caller's parent).
 *   <li><b>Exec</b>: a successful {@code execve}/{@code execveat} appends an {@link ExecImage} to
 *       the process's chain (an exec by a non-leader thread is credited to its process); a failed
 *       one is an {@link ExecAttempt}. {@code 1234 +++ superseded by execve in pid 1240 +++} ends
 *       thread 1240's identity (status {@link ExitStatus#UNKNOWN}: it did not exit, it became the
 *       leader); the leader continues, and its next successful execve (usually the orphaned
 *       {@code 1234 <... execve resumed>) = 0}) is the image thread 1240 asked for. With a status
 *       filter that completion carries a result that is not a success although the exec happened
 *       ({@code -1 ENOSYS (Function not implemented)} from strace 7.x, {@code -1 (errno
 *       18446744073709551595)} from 6.1): the superseded line proves it, so it is credited all
 *       the same. A failed execve of a leader that has other threads is therefore reported only
 *       once the process goes on without a superseded line.
 *   <li><b>Exit</b>: {@code +++ exited with N +++} / {@code +++ killed by SIG... +++} end a task;
 *       a process ends with its last task and has its leader's status. {@code exit_group(N) = ?}
 *       and a thread's {@code exit(N) = ?} are only evidence: the task ends at its {@code +++}
 *       line when one comes, and otherwise (logs written with {@code --quiet=exit}) at {@link
 *       #finish}, with status {@code exit N} at the time of the call. So nothing ends twice.
 *   <li><b>Pid reuse</b>: a tid seen after its task ended (as a spawn result or in its own lines)
 *       is a new identity with new keys.
 *   <li><b>Unknown starts</b>: a task whose spawn never shows up becomes the leader of a root
 *       process.
 * </ul>
 *
 * <h2>Tasks seen before their spawn</h2>
 *
 * A child's lines can precede the line where its parent's {@code clone} returns (vfork, where the
 * parent is blocked until the child execs; an {@code <unfinished ...>} clone; logs without
 * timestamps). Until its spawn is known the tracker cannot tell a new process from a new thread,
 * so such a task is <em>pending</em>: nothing is reported for it and its events are held, in
 * order, until the first of
 *
 * <ol>
 *   <li>its spawn returns: it is reported as a process or thread <em>with</em> its spawn;
 *   <li>it proves to be a process leader: its own successful execve, or a {@code superseded}
 *       line on its tid. It is reported as a process with spawn null, and {@link
 *       ProcessListener#parentFound} follows if the spawn shows up later;
 *   <li>it holds {@value #MAX_HELD_EVENTS} events, or all waiting tasks together hold {@value
 *       #MAX_HELD_EVENTS_TOTAL} and it has waited longest (tasks attached with {@code -p}, whose
 *       spawn will never come), or input ends: it becomes a root process.
 * </ol>
 *
 * Then its held events are delivered. Listeners therefore never see a task change identity, and
 * memory stays proportional to the number of tasks. If a spawn shows up for a task already
 * reported, {@link ProcessListener#parentFound} links it (also after the child ended: its whole
 * life may be printed before the parent's clone line).
 *
 * <h2>Late records</h2>
 *
 * A record that started before its task's end but is delivered after it (the reader flushing an
 * {@code <unfinished ...>} call that never resumed) still belongs to that task: it is reported
 * with the ended task and never starts a new identity. Typical case, from a live strace 6.1
 * recording of a thread that execs:
 *
 * <pre>
 * 25720 1795664083.004671 execve("/bin/echo", ["/bin/echo", "from-thread"], NULL &lt;unfinished ...&gt;
 * 25717 1795664083.005485 +++ superseded by execve in pid 25720 +++
 * 25717 1795664083.005513 &lt;... execve resumed&gt;) = 0 &lt;0.000805&gt;
 * </pre>
 *
 * Here the image is credited once both halves are known (when the thread's call arrives, or at
 * {@link #finish} with what the completion says).
 *
 * <h2>Timestamps</h2>
 *
 * A task starts when its spawning call started (the child exists from within that call), or when
 * first seen if that was earlier or the spawn is unknown. Execs carry their call's start time,
 * ends the {@code +++} line's time. Tasks still running at {@link #finish} end at the last
 * timestamp seen. Untimed logs ({@link TimeKind#NONE}) carry synthetic ordered timestamps; the
 * snapshot's {@link ProcessTree#timeKind()} tells consumers not to show them as times.
 */
public final class ProcessTracker {
  /** How many events a task whose spawn is unknown may hold before it is made a root. */
  static final int MAX_HELD_EVENTS = 4096;
  /**
   * How many events all such tasks together may hold (many threads attached with {@code -p}); past
   * it the longest-waiting one is made a root.
   */
  static final int MAX_HELD_EVENTS_TOTAL = 65536;

  private final ProcessListener listener;
  /** Tasks alive or pending, by tid. */
  private final TaskTable live = new TaskTable();
  /**
   * The last identity of each tid that ended. A record that started before that end but arrives
   * after it (an {@code <unfinished ...>} call the reader flushed late) is still that task's, and a
   * spawn printed after its child's end (a child that ran to completion before its parent's clone
   * line was written) still finds its child here.
   */
  private final TaskTable lastEnded = new TaskTable();
  /** Every process identity, in the order it was reported. */
  private final List<ProcessState> processes = new ArrayList<>();
  /** Tasks that were pending when first seen, oldest first (resolved ones are skipped lazily). */
  private final ArrayDeque<TaskState> pendingInOrder = new ArrayDeque<>();
  private int heldEvents;

  private long nextTaskKey = 1;
  private long nextProcessKey = 1;
  private long lastSeenNs = TraceEvent.NO_TIMESTAMP;
  private TimeKind timeKind;
  private boolean finished;

  public ProcessTracker(ProcessListener listener) {
    this.listener = listener;
  }

  public ProcessTracker() {
    this(new ProcessListener() {});
  }

  /**
   * Applies one event. Events naming no task ({@code pid <= 0}, e.g. a strace diagnostic) go to
   * {@link ProcessListener#event} with a null task.
   *
   * @throws IllegalStateException after {@link #finish}
   */
  public void accept(TraceEvent event) {
    if (finished) {
      throw new IllegalStateException("accept() after finish()");
    }
    long ts = event.timestampNs();
    if (ts > lastSeenNs) {
      lastSeenNs = ts;
    }
    if (timeKind == null) {
      timeKind = event.timeKind();
    }
    int tid = event.pid();
    if (tid <= 0) {
      listener.event(null, event);
      return;
    }
    TaskState task = live.get(tid);
    if (task != null && task.isOverFor(event)) {
      retire(task);
      task = null;
    }
    if (task == null) {
      TaskState ended = lastEnded.get(tid);
      if (ended != null && ts < ended.endNs) {
        lateRecord(ended, event);
        return;
      }
      task = firstSeen(tid, ts);
      noteAttachedThread(task, event);
    }
    if (ts > task.lastSeenNs) {
      task.lastSeenNs = ts;
    }
    if (task.pending) {
      acceptPending(task, event);
    } else {
      dispatch(task, event);
    }
  }

  /**
   * Ends input: pending tasks become roots, tasks still running end (with their {@code exit(N)}
   * evidence if any, else {@link ExitStatus#UNKNOWN} at the last timestamp seen), then {@link
   * ProcessListener#finished}. Calling it again does nothing.
   */
  public void finish() {
    if (finished) {
      return;
    }
    TaskState waiting;
    while ((waiting = pendingInOrder.poll()) != null) {
      if (waiting.pending) {
        resolveAsOwnProcess(waiting);
      }
    }
    for (ProcessState p : inAppearanceOrder()) {
      settleAsFailed(p);
      if (p.awaitedExec != null) {
        // The superseding thread's execve never showed up: credit what the completion says.
        ProcessState.AwaitedExec awaited = p.awaitedExec;
        p.awaitedExec = null;
        credit(p, image(awaited.completion(), null, awaited.formerTid()));
      }
    }
    for (ProcessState p : inAppearanceOrder()) {
      for (TaskState thread : p.threads) {
        if (!thread.ended) {
          endAtFinish(thread);
        }
      }
      if (!p.leader.ended) {
        endAtFinish(p.leader);
      }
    }
    finished = true;
    listener.finished(snapshot());
  }

  /**
   * The processes reported so far (pending tasks are not included until they are resolved), in
   * order of first appearance of their leader.
   */
  public ProcessTree snapshot() {
    List<ProcessNode> nodes = new ArrayList<>(processes.size());
    for (ProcessState p : inAppearanceOrder()) {
      List<TaskState> threads = new ArrayList<>(p.threads);
      threads.sort(Comparator.comparingLong(t -> t.taskKey));
      List<ThreadNode> threadNodes = new ArrayList<>(threads.size());
      for (TaskState t : threads) {
        threadNodes.add(new ThreadNode(t.taskKey, t.tid, t.startNs, t.endNs, statusOf(t)));
      }
      long endNs = p.liveTasks > 0 ? TraceEvent.NO_TIMESTAMP : p.endNs;
      nodes.add(
          new ProcessNode(
              p.processKey,
              p.pid,
              p.parentKey,
              p.parentPid,
              threadNodes,
              p.execs,
              p.failedExecs,
              p.leader.startNs,
              endNs,
              statusOf(p.leader),
              p.leader.comm));
    }
    return new ProcessTree(nodes, timeKind == null ? TimeKind.NONE : timeKind);
  }

  // ---------------------------------------------------------------------------------------------
  // Pending tasks

  private TaskState firstSeen(int tid, long ts) {
    TaskState t = new TaskState(nextTaskKey++, tid, ts);
    live.put(tid, t);
    return t;
  }

  private void acceptPending(TaskState task, TraceEvent event) {
    if (provesLeader(event)) {
      resolveAsOwnProcess(task);
      dispatch(task, event);
      return;
    }
    if (task.queuedEvents() == 0) {
      pendingInOrder.add(task);
      while (!pendingInOrder.peek().pending) {
        pendingInOrder.poll(); // resolved since; drop so the deque stays as short as the waiting list
      }
    }
    task.enqueue(event);
    heldEvents++;
    if (task.queuedEvents() >= MAX_HELD_EVENTS) {
      resolveAsOwnProcess(task);
    }
    while (heldEvents > MAX_HELD_EVENTS_TOTAL) {
      TaskState oldest = pendingInOrder.poll();
      if (oldest.pending) {
        resolveAsOwnProcess(oldest);
      }
    }
  }

  /**
   * Only a thread-group leader's own tid prints a successful execve result (a thread's exec
   * completes under the leader's pid) or a {@code superseded} line.
   */
  private static boolean provesLeader(TraceEvent event) {
    if (event instanceof SupersededEvent) {
      return true;
    }
    return event instanceof SyscallEvent s
        && s.completion() == SyscallEvent.Completion.COMPLETE
        && !s.failed()
        && SyscallKind.of(s.name()) == SyscallKind.EXEC;
  }

  /**
   * Reports a pending task as the leader of a process of its own (spawn unknown) and replays it;
   * a thread of a process strace attached to ({@link #noteAttachedThread}) joins that process.
   */
  private void resolveAsOwnProcess(TaskState t) {
    TaskState leader = t.attachedThreadOf == 0 ? null : live.get(t.attachedThreadOf);
    if (leader != null && leader.pending) {
      resolveAsOwnProcess(leader); // resolves t with it
      return;
    }
    if (leader != null && !leader.ended) {
      startThread(t, leader.process, null, t.firstSeenNs);
      replay(t);
      return;
    }
    startProcess(t, null, 0, 0, t.firstSeenNs);
    // its attached threads join before any of its events (its detach) can end the process
    List<TaskState> threads = new ArrayList<>();
    for (TaskState thread : attachedThreads) {
      if (thread.pending && thread.attachedThreadOf == t.tid) {
        startThread(thread, t.process, null, thread.firstSeenNs);
        threads.add(thread);
      }
    }
    replay(t);
    threads.forEach(this::replay);
  }

  /**
   * {@code strace -f -p 25728} on stderr announces the whole thread group at once, {@code strace:
   * Process 25728 attached with 3 threads}, and the other threads' tids only show up in their
   * lines' {@code [pid 25730]} prefixes, with no spawn ever: the next tasks first seen that way,
   * as many as the message counts, are that process's threads.
   */
  private void noteAttachedThread(TaskState task, TraceEvent event) {
    if (event instanceof DiagnosticEvent d && d.kind() == DiagnosticEvent.Kind.ATTACHED) {
      Matcher m = ATTACHED_WITH_THREADS.matcher(d.text());
      if (m.find()) {
        attachedGroupLeader = d.pid();
        attachedThreadsLeft = Integer.parseInt(m.group(1)) - 1;
      }
      return;
    }
    if (attachedThreadsLeft > 0 && task.tid != attachedGroupLeader) {
      attachedThreadsLeft--;
      task.attachedThreadOf = attachedGroupLeader;
      attachedThreads.add(task);
    }
  }

  /** The tasks {@link #noteAttachedThread} marked (a few per {@code attached with N threads}). */
  private final List<TaskState> attachedThreads = new ArrayList<>();

  private static final Pattern ATTACHED_WITH_THREADS = Pattern.compile("attached with (\\d{1,7}) threads");
  private int attachedGroupLeader;
  private int attachedThreadsLeft;

  /** Delivers the events a task held while pending. */
  private void replay(TaskState t) {
    ArrayDeque<TraceEvent> queue = t.queue;
    t.queue = null;
    t.endLineQueued = false;
    if (queue != null) {
      heldEvents -= queue.size();
      TraceEvent e;
      while ((e = queue.poll()) != null) {
        dispatch(t, e);
      }
    }
  }

  private ProcessState startProcess(TaskState t, Spawn spawn, long parentKey, int parentPid, long startNs) {
    t.pending = false;
    t.spawnKnown = spawn != null;
    t.startNs = startNs;
    ProcessState p = new ProcessState(nextProcessKey++, t, parentKey, parentPid);
    p.liveTasks = 1;
    t.process = p;
    t.identity = new Task(t.taskKey, p.processKey, p.pid, t.tid);
    processes.add(p);
    listener.processStarted(t.identity, spawn, startNs);
    return p;
  }

  private void startThread(TaskState t, ProcessState group, Spawn spawn, long startNs) {
    t.pending = false;
    t.spawnKnown = spawn != null;
    t.startNs = startNs;
    t.process = group;
    t.identity = new Task(t.taskKey, group.processKey, group.pid, t.tid);
    group.threads.add(t);
    group.liveTasks++;
    listener.threadStarted(t.identity, spawn, startNs);
  }

  /**
   * The task behind {@code t}'s tid is over and the tid is about to take a new identity: settle
   * this one for good (resolve it if pending, end it with its exit evidence if it has any).
   */
  private void retire(TaskState t) {
    if (t.pending) {
      resolveAsOwnProcess(t);
    }
    if (!t.ended) {
      endWithEvidence(t, t.lastSeenNs); // endTask also takes it out of the live table
    }
  }

  /**
   * A record of a task that already ended, delivered after its end (it started before): e.g. the
   * {@code execve(...) <unfinished ...>} of a thread whose exec superseded the leader, which
   * never resumes under the thread's tid and may be flushed by the reader at end of input.
   */
  private void lateRecord(TaskState ended, TraceEvent event) {
    ProcessState p = ended.process;
    if (p.awaitedExec != null
        && p.awaitedExec.formerTid() == ended.tid
        && event instanceof SyscallEvent s
        && SyscallKind.of(s.name()) == SyscallKind.EXEC) {
      ProcessState.AwaitedExec awaited = p.awaitedExec;
      p.awaitedExec = null;
      credit(p, image(awaited.completion(), s, awaited.formerTid()));
    }
    listener.event(ended.identity, event);
  }

  // ---------------------------------------------------------------------------------------------
  // Resolved tasks

  private void dispatch(TaskState task, TraceEvent event) {
    ProcessState.DoubtfulExec doubtful = task.process.doubtfulExec;
    if (doubtful != null && !(event instanceof SupersededEvent) && event.timestampNs() > doubtful.call().endTimestampNs()) {
      settleAsFailed(task.process); // the superseded line would have come before this
    }
    if (task.comm.isEmpty() && !event.comm().isEmpty()) {
      task.comm = event.comm(); // the name of a process attached with -p, which never exec'd
    }
    if (event instanceof SyscallEvent s) {
      switch (SyscallKind.of(s.name())) {
        case SPAWN:
          onSpawn(task, s);
          break;
        case EXEC:
          onExec(task, s);
          break;
        case EXIT:
          onExitCall(task, s, false);
          break;
        case EXIT_GROUP:
          onExitCall(task, s, true);
          break;
        default:
          break;
      }
      listener.event(task.identity, s);
    } else if (event instanceof ExitEvent e) {
      listener.event(task.identity, e);
      endTask(task, new ExitStatus.Exited(e.code()), e.timestampNs());
    } else if (event instanceof KilledEvent k) {
      listener.event(task.identity, k);
      endTask(task, new ExitStatus.Killed(k.signal(), k.coreDumped()), k.timestampNs());
    } else if (event instanceof SupersededEvent x) {
      TaskState former = onSuperseded(task, x);
      listener.event(task.identity, x);
      if (former != null && !former.ended) {
        endTask(former, ExitStatus.UNKNOWN, x.timestampNs());
      }
    } else if (event instanceof DiagnosticEvent d) {
      listener.event(task.identity, d);
      if (d.kind() == DiagnosticEvent.Kind.DETACHED && !task.ended) {
        // "strace: Process N detached": the log says no more about it.
        endTask(task, ExitStatus.UNKNOWN, d.timestampNs());
      }
    } else {
      listener.event(task.identity, event);
    }
  }

  /**
   * Event times give the order within a file and do not compare across {@code -ff} members: no
   * timestamps (synthetic places), or {@code -r} (each member's clock starts at its first line).
   */
  private boolean untimed() {
    return timeKind == TimeKind.NONE || timeKind == TimeKind.RELATIVE;
  }

  private void onSpawn(TaskState caller, SyscallEvent call) {
    if (call.completion() != SyscallEvent.Completion.COMPLETE
        || call.failed()
        || !call.result().known()
        || call.result().value() <= 0
        || call.result().value() > Integer.MAX_VALUE) {
      return; // failed, or "= ?" (the child's side of a fork is never printed under -f)
    }
    int childTid = (int) call.result().value();
    int flags = SpawnFlags.of(call);
    boolean thread = (flags & SpawnFlags.THREAD) != 0;
    ProcessState from = caller.process;
    Spawn spawn;
    if (thread) {
      spawn = new Spawn(caller.identity, from.processKey, from.pid, call);
    } else if ((flags & SpawnFlags.PARENT) != 0) {
      spawn = new Spawn(caller.identity, from.parentKey, from.parentPid, call);
    } else {
      spawn = new Spawn(caller.identity, from.processKey, from.pid, call);
    }
    long spawnNs = call.timestampNs();

    TaskState child = live.get(childTid);
    boolean reused = child != null && !isSameChild(child, spawnNs, untimed());
    if (reused) {
      retire(child);
      child = null;
    }
    if (child == null) {
      TaskState ended = reused ? null : lastEnded.get(childTid);
      if (ended != null && !ended.spawnKnown && (spawnNs < ended.endNs || untimed())) {
        // The child ran to its end before the parent's clone line was printed.
        linkLate(ended, spawn);
        return;
      }
      child = firstSeen(childTid, spawnNs);
    }
    if (child.pending) {
      long startNs = Math.min(spawnNs, child.firstSeenNs);
      if (thread) {
        startThread(child, from, spawn, startNs);
      } else {
        startProcess(child, spawn, spawn.parentProcessKey(), spawn.parentPid(), startNs);
      }
      replay(child);
    } else {
      linkLate(child, spawn);
    }
  }

  /**
   * Whether a live task with the spawned tid is that child, rather than an earlier task whose end
   * the log did not show (then the tid was reused). A child cannot act before its spawn started.
   * That takes the time the spawn started: an untimed log has only the place of the line, which
   * strace prints when the call returns, after the child's own lines (a {@code vfork}, {@code -z},
   * a status filter) or, with {@code -ff}, in another file whose places do not compare at all
   * (nor do {@code -r} times there). There a task waiting for its spawn is that child.
   */
  private static boolean isSameChild(TaskState t, long spawnNs, boolean untimed) {
    if (untimed) {
      return t.pending || !t.spawnKnown;
    }
    if (t.pending) {
      // Pending: its lines came first. Unless it had already ended before this spawn started.
      if (t.endLineQueued && spawnNs >= t.queuedEndNs && t.queuedEndNs != TraceEvent.NO_TIMESTAMP) {
        return false;
      }
      return !(t.exitCalled && spawnNs >= t.exitEvidenceNs && t.exitEvidenceNs != TraceEvent.NO_TIMESTAMP);
    }
    return !t.spawnKnown && spawnNs <= t.firstSeenNs;
  }

  /**
   * The spawn of a task already reported without one (it proved to be a leader by exec'ing, or
   * ended, before its parent's clone returned). Its identity stays: a task reported as a process
   * stays a process even if the spawn says {@code CLONE_THREAD} (contradictory input), with the
   * spawning process as its parent.
   */
  private void linkLate(TaskState child, Spawn spawn) {
    child.spawnKnown = true;
    if (child.isLeader() && child.process.parentKey == 0) {
      // For a CLONE_THREAD spawn parentProcessKey is the caller's process: the best parent there is.
      child.process.parentKey = spawn.parentProcessKey();
      child.process.parentPid = spawn.parentPid();
    }
    long spawnNs = spawn.call().timestampNs();
    if (spawnNs < child.startNs) {
      child.startNs = spawnNs;
    }
    listener.parentFound(child.identity, spawn);
  }

  private void onExec(TaskState task, SyscallEvent call) {
    if (call.completion() != SyscallEvent.Completion.COMPLETE) {
      // No result here. If a thread is exec'ing, the result comes under the leader's pid after
      // "+++ superseded by execve in pid <this tid> +++".
      task.unfinishedExec = call;
      return;
    }
    ProcessState p = task.process;
    SyscallEvent started = task.unfinishedExec;
    task.unfinishedExec = null;
    settleAsFailed(p); // an earlier doubtful exec: this one would have ended the thread it needed
    // After "+++ superseded by execve in pid N +++" the leader's completion is thread N's exec,
    // whatever result a status filter left on it: the line proves the exec happened.
    boolean completesTakeover = task.isLeader() && p.takeover != null && !startsNewExec(p.takeover, call);
    if (call.failed() && !completesTakeover) {
      if (task.isLeader() && hasLiveThread(p)) {
        p.doubtfulExec = new ProcessState.DoubtfulExec(task, call, started);
      } else {
        reportFailed(task, call, started);
      }
      return;
    }
    ProcessState.Takeover takeover = task.isLeader() ? claimTakeover(p, call) : null;
    if (takeover == null) {
      if (!task.isLeader()) {
        task.execCredited = true; // the superseded line that follows must not credit it again
      }
      credit(p, image(call, started, task.tid));
    } else if (!takeover.alreadyCredited()) {
      if (takeover.call() == null && ExecCall.decode(call).path() == null) {
        // "<... execve resumed>) = 0" and the thread's "execve(...) <unfinished ...>" not seen
        // yet: wait for it (a late record) to know what was exec'd; finish() gives up on it.
        p.awaitedExec = new ProcessState.AwaitedExec(takeover.formerTid(), call);
      } else {
        credit(p, image(call, takeover.call(), takeover.formerTid()));
      }
    }
  }

  private void reportFailed(TaskState task, SyscallEvent call, SyscallEvent started) {
    Str path = ExecCall.decode(call).path();
    if (path == null) {
      path = started == null ? null : ExecCall.decode(started).path();
    }
    ExecAttempt attempt =
        new ExecAttempt(path != null ? path : Str.of(""), call.result().errno(), call.timestampNs(), task.tid);
    task.process.failedExecs.add(attempt);
    listener.execFailed(task.identity, attempt);
  }

  /** Reports {@code p}'s doubtful exec, if any, as the failure it printed: no superseded line came. */
  private void settleAsFailed(ProcessState p) {
    ProcessState.DoubtfulExec doubtful = p.doubtfulExec;
    if (doubtful != null) {
      p.doubtfulExec = null;
      reportFailed(doubtful.task(), doubtful.call(), doubtful.started());
    }
  }

  private static boolean hasLiveThread(ProcessState p) {
    for (TaskState t : p.threads) {
      if (!t.ended) {
        return true;
      }
    }
    return false;
  }

  /**
   * The takeover a successful execve on the leader completes, if any; it is consumed either way.
   * An execve with its own arguments started after the superseded line is a new exec, not the
   * orphaned {@code <... execve resumed>) = 0}: then the takeover was completed earlier (or
   * never).
   */
  private static ProcessState.Takeover claimTakeover(ProcessState p, SyscallEvent call) {
    ProcessState.Takeover takeover = p.takeover;
    p.takeover = null;
    if (takeover != null && startsNewExec(takeover, call)) {
      return null;
    }
    return takeover;
  }

  private static boolean startsNewExec(ProcessState.Takeover takeover, SyscallEvent call) {
    return call.timestampNs() > takeover.atNs() && ExecCall.decode(call).path() != null;
  }

  /** Adds an image to the exec chain (in time order: a late one goes before later execs). */
  private void credit(ProcessState p, ExecImage image) {
    int at = p.execs.size();
    while (at > 0 && p.execs.get(at - 1).timestampNs() > image.timestampNs()) {
      at--;
    }
    p.execs.add(at, image);
    listener.exec(p.leader.identity, image);
  }

  /**
   * The image of a completed exec; the arguments come from {@code fallback} (the call as it
   * started) when the completing line carries none.
   */
  private static ExecImage image(SyscallEvent completed, SyscallEvent fallback, int tid) {
    ExecCall args = ExecCall.decode(completed);
    SyscallEvent source = completed;
    if (args.path() == null && fallback != null) {
      ExecCall started = ExecCall.decode(fallback);
      if (started.path() != null) {
        args = started;
        source = fallback;
      }
    }
    Str path = args.path() != null ? args.path() : Str.of("");
    return new ExecImage(path, args.argv(), args.env(), args.envKnown(), source.timestampNs(), tid);
  }

  /** Handles the takeover; returns the thread whose identity ends (after the event is reported). */
  private TaskState onSuperseded(TaskState leader, SupersededEvent x) {
    // The leader's pid lives on with the new image; an earlier exit(N) of the old leader thread
    // (strace's threads-execve test: "exit(42) = ?") is not the process's end.
    leader.exitCalled = false;
    leader.exitEvidence = null;
    ProcessState p = leader.process;
    boolean creditedNow = creditDoubtfulExec(p, x.formerPid());
    TaskState former = live.get(x.formerPid());
    if (former == null || former == leader) {
      p.takeover = new ProcessState.Takeover(
          x.formerPid(), null, creditedNow || alreadyCredited(p, null), x.timestampNs());
      markOthersExited(p, null, x.timestampNs());
      return null;
    }
    if (former.pending) {
      // The line proves the thread belonged to this group.
      startThread(former, p, null, former.firstSeenNs);
      replay(former);
    }
    p.takeover =
        new ProcessState.Takeover(former.tid, former.unfinishedExec,
            creditedNow || former.execCredited || alreadyCredited(p, former), x.timestampNs());
    former.unfinishedExec = null;
    markOthersExited(p, former, x.timestampNs());
    return former;
  }

  /**
   * The superseded line proves that {@code p}'s doubtful exec (the call of thread {@code formerTid}
   * joined under the leader's pid, with a status filter's bogus result) succeeded: credits it.
   */
  private boolean creditDoubtfulExec(ProcessState p, int formerTid) {
    ProcessState.DoubtfulExec doubtful = p.doubtfulExec;
    if (doubtful == null) {
      return false;
    }
    p.doubtfulExec = null;
    credit(p, image(doubtful.call(), doubtful.started(), formerTid));
    return true;
  }

  /**
   * The kernel ended every other thread of the group before the exec went on; strace 6.1 prints
   * {@code +++ exited with 0 +++} for them, before or after the superseded line, or nothing with
   * {@code --quiet=exit}. So this is evidence, like exit_group: their own line wins if it comes.
   */
  private static void markOthersExited(ProcessState p, TaskState former, long ts) {
    ExitStatus zero = new ExitStatus.Exited(0);
    for (TaskState t : p.threads) {
      if (t != former) {
        markExiting(t, zero, ts);
      }
    }
  }

  /**
   * Whether the superseding exec was already credited under the leader's pid: a reader that joins
   * the thread's {@code execve(...) <unfinished ...>} with the leader's {@code <... execve
   * resumed>} and orders by start time delivers it before the superseded line. An exec that
   * started while the former thread existed can only be that one (any other exec would have
   * ended the thread).
   */
  private static boolean alreadyCredited(ProcessState p, TaskState former) {
    if (p.execs.isEmpty() || former == null) {
      return false;
    }
    ExecImage last = p.execs.get(p.execs.size() - 1);
    return last.tid() == p.pid && last.timestampNs() >= former.startNs;
  }

  private void onExitCall(TaskState task, SyscallEvent call, boolean group) {
    if (call.failed()) {
      return;
    }
    int code = ExitCode.parse(call.arguments());
    ExitStatus status = code < 0 ? ExitStatus.UNKNOWN : new ExitStatus.Exited(code);
    long ts = call.timestampNs();
    task.exitCalled = true;
    task.exitEvidence = status;
    task.exitEvidenceNs = ts;
    if (group) {
      ProcessState p = task.process;
      // The group's code is the process's status, even if the leader thread had called exit(0)
      // earlier (main() ending with pthread_exit).
      if (!p.leader.ended) {
        p.leader.exitEvidence = status;
        p.leader.exitEvidenceNs = ts;
      }
      for (TaskState t : p.threads) {
        markExiting(t, status, ts);
      }
    }
  }

  private static void markExiting(TaskState t, ExitStatus status, long ts) {
    if (!t.ended && t.exitEvidence == null) {
      t.exitEvidence = status;
      t.exitEvidenceNs = ts;
    }
  }

  private void endAtFinish(TaskState t) {
    endWithEvidence(t, lastSeenNs);
  }

  /** Ends {@code t} with its exit evidence ({@code exit_group(N) = ?}), else as UNKNOWN at {@code fallbackNs}. */
  private void endWithEvidence(TaskState t, long fallbackNs) {
    if (t.exitEvidence != null) {
      endTask(t, t.exitEvidence, t.exitEvidenceNs);
    } else {
      endTask(t, ExitStatus.UNKNOWN, fallbackNs);
    }
  }

  private void endTask(TaskState t, ExitStatus status, long ts) {
    if (t.isLeader()) {
      settleAsFailed(t.process);
    }
    t.ended = true;
    t.exit = status;
    t.endNs = ts;
    t.exitEvidence = null;
    if (live.get(t.tid) == t) {
      live.remove(t.tid);
    }
    lastEnded.put(t.tid, t);
    ProcessState p = t.process;
    p.liveTasks--;
    if (ts > p.endNs) {
      p.endNs = ts;
    }
    listener.taskEnded(t.identity, status, ts);
    if (p.liveTasks == 0 && !p.endReported) {
      p.endReported = true;
      listener.processEnded(p.leader.identity, statusOf(p.leader), ts);
    }
  }

  private static ExitStatus statusOf(TaskState t) {
    return t.exit != null ? t.exit : ExitStatus.UNKNOWN;
  }

  private List<ProcessState> inAppearanceOrder() {
    List<ProcessState> sorted = new ArrayList<>(processes);
    sorted.sort(Comparator.comparingLong(p -> p.leader.taskKey));
    return sorted;
  }
}
