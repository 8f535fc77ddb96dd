package dev.systrument.perfetto;

import static dev.systrument.perfetto.PerfettoFields.Event;
import static dev.systrument.perfetto.PerfettoFields.Packet;
import static dev.systrument.perfetto.PerfettoFields.Track;

import dev.systrument.model.ByteTransfer;
import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.EventText;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value;
import java.io.Closeable;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams the process tracker's decisions as a Perfetto trace ({@code .pftrace}): a process track
 * per process identity, a thread track per task, an exec-phase slice per program image, a slice
 * per syscall, flows from spawning calls to children, instants for signals and exits. The mapping
 * is documented in {@code docs/perfetto.md}.
 *
 * <p>Use: {@code new ProcessTracker(writer)}, feed the tracker, {@code tracker.finish()}, then
 * {@link #close()}. Packets are written as they are produced; state is kept per live task only.
 * Not thread-safe. I/O errors surface as {@link java.io.UncheckedIOException} (the listener
 * interface cannot throw checked exceptions).
 *
 * <p>Slices on one track must nest strictly or the trace processor pairs BEGIN/END wrongly. Each
 * thread track has a cursor, the latest end written on it: a slice that would start before it
 * (timestamps rounded to the microsecond by {@code -ttt} and {@code -T} overlap by 1 µs between
 * consecutive calls) starts at the cursor instead. Exec phases begin at their execve's start, so
 * the execve slice nests inside the phase it starts, and end where the next phase begins or at
 * the process's end, never before the cursor.
 */
public final class PerfettoWriter implements ProcessListener, Closeable {

  /**
   * What was written, for the CLI's summary line.
   *
   * @param processTracks process identities (a reused pid counts again)
   * @param threadTracks tasks, leaders included
   * @param syscallSlices syscall slices (with {@code --no-syscalls}: the spawning calls kept as
   *     flow anchors)
   * @param execSlices exec phases (successful execs)
   * @param flows spawn flows with both ends written
   * @param instants signals, exits, kills and supersedes
   * @param logMessages strace lines written as log messages ({@code --logs})
   */
  public record Stats(
      long processTracks,
      long threadTracks,
      long syscallSlices,
      long execSlices,
      long flows,
      long instants,
      long logMessages) {}

  private static final String CATEGORY_SYSCALL = "syscall";
  private static final String CATEGORY_FAILED = "failed";
  private static final String CATEGORY_EXEC = "exec";
  private static final String CATEGORY_SIGNAL = "signal";
  private static final String CATEGORY_EXIT = "exit";
  private static final String CATEGORY_LOG = "log";

  private final PerfettoOptions options;
  private final PacketStream stream;
  private final Annotations annotations;
  private final CounterTracks counters;

  private final Map<Long, ProcessState> processes = new HashMap<>();
  private final Map<Long, TaskState> tasks = new HashMap<>();
  /**
   * Tasks that ended before their spawning call was seen: a later {@link #parentFound} still
   * needs their process's identity and whether their first slice carries a flow id. Roots (whose
   * spawn never comes) and rare races stay here; the oldest are dropped past {@link
   * #MAX_ENDED_WITHOUT_SPAWN} so that a log cut at its start (every process a root) does not make
   * memory grow with its length.
   */
  private final Map<Long, TaskState> endedWithoutSpawn =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TaskState> eldest) {
          return size() > MAX_ENDED_WITHOUT_SPAWN;
        }
      };

  private static final int MAX_ENDED_WITHOUT_SPAWN = 4096;

  /**
   * The track cursor ({@code lastEndNs}) of recently ended tasks, by task key. A record can still
   * come for a task after it ended (the tracker reports late records with the ended task: an
   * unfinished call flushed at the end, or a log concatenated with itself): its slice must not
   * start before what the task's track already shows, or slices on the track stop nesting. As
   * bounded as {@link #endedWithoutSpawn}.
   */
  private final Map<Long, Long> endedCursors =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
          return size() > MAX_ENDED_WITHOUT_SPAWN;
        }
      };

  private long lastTimestampNs;
  private long processTracks;
  private long threadTracks;
  private long syscallSlices;
  private long execSlices;
  private long flows;
  private long instants;
  private long logMessages;

  public PerfettoWriter(OutputStream out, PerfettoOptions options) {
    this.options = options;
    this.stream = new PacketStream(out);
    this.annotations = new Annotations(stream);
    this.counters = new CounterTracks(stream);
  }

  public PerfettoWriter(OutputStream out) {
    this(out, PerfettoOptions.DEFAULTS);
  }

  public Stats stats() {
    return new Stats(processTracks, threadTracks, syscallSlices, execSlices, flows, instants, logMessages);
  }

  // ---------------------------------------------------------------- ProcessListener

  @Override
  public void processStarted(Task leader, Spawn spawn, long timestampNs) {
    long ts = timestamp(timestampNs);
    counters.processStarted(ts);
    counters.taskStarted(ts);
    process(leader, ts, spawn == null ? null : processes.get(spawn.caller().processKey()));
    TaskState task = task(leader, ts);
    if (spawn != null) {
      spawnKnown(task, spawn);
      describeParent(task.process, ts);
    }
  }

  @Override
  public void threadStarted(Task thread, Spawn spawn, long timestampNs) {
    long ts = timestamp(timestampNs);
    counters.taskStarted(ts);
    TaskState task = task(thread, ts);
    if (spawn != null) {
      spawnKnown(task, spawn);
    }
  }

  @Override
  public void parentFound(Task child, Spawn spawn) {
    TaskState task = tasks.get(child.taskKey());
    if (task == null) {
      task = endedWithoutSpawn.remove(child.taskKey());
    }
    if (task == null) {
      task = task(child, lastTimestampNs);
    }
    boolean unnamed = task.process.displayName == null;
    if (task.process.exeName == null) {
      task.process.inheritImage(processes.get(spawn.caller().processKey()));
    }
    spawnKnown(task, spawn);
    if (child.isLeader()) {
      if (unnamed && task.process.displayName != null) {
        describeProcess(task.process, task.process.startNs); // also describes the parent
      } else {
        describeParent(task.process, task.process.startNs);
      }
    }
  }

  @Override
  public void exec(Task leader, ExecImage image) {
    TaskState task = task(leader, timestamp(image.timestampNs()));
    ProcessState process = task.process;
    long boundary = task.place(timestamp(image.timestampNs()));
    if (process.phaseOpen) {
      endSlice(task, boundary, null);
    }
    process.exeName = image.executableName();
    process.displayName = process.exeName;
    process.argv = options.redaction().argvText(image.argv()); // also the process's cmdline

    ProtoBuffer p = beginEvent(boundary, Event.TYPE_SLICE_BEGIN, task);
    name(p, process.exeName);
    category(p, CATEGORY_EXEC);
    annotations.string(p, "path", image.path().text());
    annotations.stringArray(p, "argv", process.argv);
    if (image.envKnown()) {
      annotations.environment(p, image.env(), options.redaction());
    }
    incomingFlow(p, task, boundary);
    endEvent(p);
    process.phaseOpen = true;
    task.lastEndNs = boundary; // nothing later on this track may start before the phase
    execSlices++;

    describeProcess(process, boundary);
    task.comm = ""; // the kernel renames the thread to the new program; -Y shows it on the next line
    describeThread(task, boundary);
  }

  @Override
  public void event(Task task, TraceEvent event) {
    if (task == null) {
      return; // strace's own messages that name no task
    }
    long ts = timestamp(event.timestampNs());
    TaskState state = task(task, ts);
    updateComm(state, event.comm(), ts);
    String log = options.logs() ? logBody(event) : null;

    if (event instanceof SyscallEvent s) {
      countBytes(state.process, s, ts);
      long[] flowIds = state.takeSpawnFlows(s);
      if (options.syscalls() || flowIds.length > 0) {
        syscall(state, s, flowIds, log);
      } else if (log != null) {
        logInstant(state, ts, log, s.failed());
      }
    } else if (event instanceof SignalEvent g) {
      signal(state, g, ts, log);
    } else if (event instanceof ExitEvent x) {
      exitInstant(state, ts, new ExitStatus.Exited(x.code()), log);
    } else if (event instanceof KilledEvent k) {
      exitInstant(state, ts, new ExitStatus.Killed(k.signal(), k.coreDumped()), log);
    } else if (event instanceof SupersededEvent x) {
      ProtoBuffer p = beginEvent(ts, Event.TYPE_INSTANT, state);
      name(p, "superseded by execve");
      category(p, CATEGORY_EXIT); // the leader's former thread is gone; "exec" is for phases only
      annotations.integer(p, "former_pid", x.formerPid());
      incomingFlow(p, state, ts);
      log(p, log, false);
      endEvent(p);
      instants++;
    } else if (event instanceof DiagnosticEvent && log != null) {
      logInstant(state, ts, log, false);
    }
  }

  @Override
  public void taskEnded(Task task, ExitStatus status, long timestampNs) {
    long ts = timestamp(timestampNs);
    counters.taskEnded(ts);
    TaskState state = task(task, ts);
    if (!state.exitWritten && !(status instanceof ExitStatus.Unknown)) {
      exitInstant(state, ts, status, null);
    }
    if (!task.isLeader()) {
      release(state);
    }
  }

  @Override
  public void processEnded(Task leader, ExitStatus status, long timestampNs) {
    long ts = timestamp(timestampNs);
    counters.processEnded(ts);
    TaskState state = task(leader, ts);
    ProcessState process = state.process;
    if (process.phaseOpen) {
      endSlice(state, state.place(ts), status);
    }
    counters.flush(process.bytesRead, ts);
    counters.flush(process.bytesWritten, ts);
    release(state);
    processes.remove(process.key);
  }

  /** Ends whatever is still open (the tracker ends every task first; this is the safety net). */
  @Override
  public void finished(ProcessTree tree) {
    endOpenPhases();
    counters.writeRunningCounts();
    stream.flush();
  }

  /**
   * Ends slices still open (when input stopped before {@link #finished}, e.g. on an error), so the
   * file is a complete trace, then flushes and closes the output stream.
   */
  @Override
  public void close() {
    endOpenPhases();
    counters.writeRunningCounts();
    stream.close();
  }

  private void endOpenPhases() {
    for (ProcessState process : processes.values()) {
      if (process.phaseOpen && process.leader != null) {
        endSlice(process.leader, process.leader.place(lastTimestampNs), ExitStatus.UNKNOWN);
      }
    }
  }

  /** A successful read, write, ... adds its count to the process's byte counters. */
  private void countBytes(ProcessState process, SyscallEvent s, long ts) {
    ByteTransfer transfer = ByteTransfer.of(s.name());
    if (transfer == ByteTransfer.NONE) {
      return;
    }
    long bytes = ByteTransfer.bytes(s);
    if (bytes == 0) {
      return;
    }
    long at = Math.max(ts, s.endTimestampNs()); // the bytes have moved once the call returned
    if (transfer.reads()) {
      if (process.bytesRead == null) {
        process.bytesRead = CounterTracks.bytesRead(process.key, process.uuid());
      }
      counters.add(process.bytesRead, at, bytes);
    }
    if (transfer.writes()) {
      if (process.bytesWritten == null) {
        process.bytesWritten = CounterTracks.bytesWritten(process.key, process.uuid());
      }
      counters.add(process.bytesWritten, at, bytes);
    }
  }

  // ---------------------------------------------------------------- tracks

  /** The member's process, creating its track on first sight (with the image of {@code forkedFrom}). */
  private ProcessState process(Task member, long ts, ProcessState forkedFrom) {
    ProcessState process = processes.get(member.processKey());
    if (process == null) {
      process = new ProcessState(member.processKey(), member.pid(), ts);
      process.inheritImage(forkedFrom);
      processes.put(process.key, process);
      processTracks++;
      describeProcess(process, ts);
    }
    return process;
  }

  /**
   * The states of recently seen tasks, by task key modulo the length: nearly every event goes to
   * a task seen moments before, and {@link #tasks} boxes its key on every lookup. Holds only
   * states that are in {@link #tasks} ({@link #release} takes them out).
   */
  private final TaskState[] recentTasks = new TaskState[1024];

  /** The task's state, creating its track (and its process's) on first sight. */
  private TaskState task(Task task, long ts) {
    long key = task.taskKey();
    int slot = (int) key & (recentTasks.length - 1);
    TaskState recent = recentTasks[slot];
    if (recent != null && recent.task.taskKey() == key) {
      return recent;
    }
    TaskState state = tasks.get(key);
    if (state != null) {
      recentTasks[slot] = state;
    } else {
      ProcessState process = process(task, ts, null);
      state = new TaskState(task, process, ts);
      Long cursor = endedCursors.remove(task.taskKey());
      if (cursor != null) {
        state.lastEndNs = Math.max(state.lastEndNs, cursor);
      }
      tasks.put(task.taskKey(), state);
      if (task.isLeader()) {
        process.leader = state;
      }
      threadTracks++;
      describeThread(state, ts);
      recentTasks[slot] = state;
    }
    return state;
  }

  private void release(TaskState state) {
    tasks.remove(state.task.taskKey());
    int slot = (int) state.task.taskKey() & (recentTasks.length - 1);
    if (recentTasks[slot] == state) {
      recentTasks[slot] = null;
    }
    endedCursors.put(state.task.taskKey(), state.lastEndNs);
    if (!state.spawnKnown) {
      endedWithoutSpawn.put(state.task.taskKey(), state);
    }
  }

  private void describeProcess(ProcessState process, long ts) {
    ProtoBuffer p = stream.begin(ts);
    int descriptor = p.beginMessage(Packet.TRACK_DESCRIPTOR);
    p.uint64(Track.UUID, process.uuid());
    int proc = p.beginMessage(Track.PROCESS);
    p.uint64(Track.PROCESS_PID, process.pid);
    for (String arg : process.argv) {
      p.string(Track.PROCESS_CMDLINE, arg);
    }
    if (process.displayName != null) {
      p.string(Track.PROCESS_NAME, process.displayName);
    }
    p.endMessage(proc);
    p.endMessage(descriptor);
    stream.end(false);
    describeParent(process, ts);
  }

  /**
   * The trace processor takes a process's parent only from a {@code ProcessTree} packet, and
   * ignores entries without a cmdline; the first cmdline element also becomes the process's name
   * there, so we put the executable's basename first (the exact argv is in the exec slice).
   */
  private void describeParent(ProcessState process, long ts) {
    if (process.ppid < 0) {
      return; // a root: no parent to show, and ppid 0 would make it a child of the idle task
    }
    ProtoBuffer p = stream.begin(Math.max(ts, process.startNs));
    int tree = p.beginMessage(Packet.PROCESS_TREE);
    int proc = p.beginMessage(PerfettoFields.ProcessTree.PROCESSES);
    p.uint64(PerfettoFields.ProcessTree.PID, process.pid);
    p.uint64(PerfettoFields.ProcessTree.PPID, process.ppid);
    p.string(PerfettoFields.ProcessTree.CMDLINE, process.displayName == null ? "" : process.displayName);
    for (int i = 1; i < process.argv.size(); i++) {
      p.string(PerfettoFields.ProcessTree.CMDLINE, process.argv.get(i));
    }
    p.endMessage(proc);
    p.endMessage(tree);
    stream.end(false);
  }

  private void describeThread(TaskState task, long ts) {
    ProtoBuffer p = stream.begin(ts);
    int descriptor = p.beginMessage(Packet.TRACK_DESCRIPTOR);
    p.uint64(Track.UUID, task.uuid());
    p.uint64(Track.PARENT_UUID, task.process.uuid());
    int thread = p.beginMessage(Track.THREAD);
    p.uint64(Track.THREAD_PID, task.task.pid());
    p.uint64(Track.THREAD_TID, task.task.tid());
    String name = !task.comm.isEmpty() ? task.comm : task.process.displayName;
    if (name != null) {
      p.string(Track.THREAD_NAME, name);
    }
    p.endMessage(thread);
    p.endMessage(descriptor);
    stream.end(false);
  }

  /** {@code 1234<make>}: a new command name renames the thread (and names an unnamed process). */
  private void updateComm(TaskState task, String comm, long ts) {
    if (comm.isEmpty() || comm.equals(task.comm)) {
      return;
    }
    task.comm = comm;
    describeThread(task, ts);
    ProcessState process = task.process;
    if (task.task.isLeader() && process.displayName == null) {
      process.displayName = comm;
      describeProcess(process, ts);
    }
  }

  // ---------------------------------------------------------------- flows

  /**
   * Records that {@code child} was spawned by {@code spawn.call()}: its parent pid, and a flow from
   * that call's slice to the child's first slice (the caller describes the parent). Flow ids are the child's task key, unique for the whole trace.
   */
  private void spawnKnown(TaskState child, Spawn spawn) {
    child.spawnKnown = true;
    if (child.task.isLeader()) {
      child.process.ppid = spawn.parentPid();
    }
    TaskState caller = tasks.get(spawn.caller().taskKey());
    if (caller == null) {
      caller = task(spawn.caller(), lastTimestampNs);
    }
    caller.addSpawnFlow(spawn.call(), child.task.taskKey());
  }

  /**
   * The first slice or instant of a task, at {@code ts}, takes the flow from its spawn. When the
   * spawning call's slice is already written the flow terminates here; otherwise (a child's lines
   * come before the parent's {@code <... clone resumed>}) it is a plain flow id, which the trace
   * processor links to the clone slice once it is written, since it replays events in timestamp
   * order. That replay is also why a flow whose spawning slice starts after this event (the log's
   * times disagree: untimed logs, {@code -r} across {@code -ff} files) gets no id here: the trace
   * processor would drop a terminating id it meets before the start, and a plain one would draw the
   * arrow backwards. The parent stays known from the process track; {@link Stats#flows} counts
   * only arrows drawn.
   */
  private void incomingFlow(ProtoBuffer p, TaskState task, long ts) {
    if (task.firstSliceWritten) {
      return;
    }
    task.firstSliceWritten = true;
    long flowId = task.task.taskKey();
    if (task.flowStartNs != TaskState.NO_FLOW_START) {
      if (ts >= task.flowStartNs) {
        p.fixed64(Event.TERMINATING_FLOW_IDS, flowId);
        flows++;
      }
    } else {
      p.fixed64(Event.FLOW_IDS, flowId);
    }
  }

  private void outgoingFlows(ProtoBuffer p, long[] childTaskKeys, long ts) {
    for (long childKey : childTaskKeys) {
      p.fixed64(Event.FLOW_IDS, childKey);
      TaskState child = tasks.get(childKey);
      if (child == null) {
        child = endedWithoutSpawn.remove(childKey);
      }
      if (child != null) {
        child.flowStartNs = ts;
        if (child.firstSliceWritten) {
          flows++;
        }
      }
    }
  }

  // ---------------------------------------------------------------- events

  private void syscall(TaskState task, SyscallEvent s, long[] spawnFlows, String log) {
    long logged = timestamp(s.timestampNs());
    long start = task.place(logged);
    long end = Math.max(start, s.endTimestampNs());
    task.lastEndNs = end;

    ProtoBuffer p = beginEvent(start, Event.TYPE_SLICE_BEGIN, task);
    name(p, s.name());
    category(p, CATEGORY_SYSCALL);
    if (s.failed()) {
      category(p, CATEGORY_FAILED);
    }
    annotations.syscall(p, s, options.redaction());
    if (start > logged) {
      annotations.integer(p, "start_moved_ns", start - logged);
    }
    outgoingFlows(p, spawnFlows, start);
    incomingFlow(p, task, start);
    log(p, log, s.failed());
    endEvent(p);

    endSlice(task, end, null);
    syscallSlices++;
  }

  private void signal(TaskState task, SignalEvent g, long ts, String log) {
    ProtoBuffer p = beginEvent(ts, Event.TYPE_INSTANT, task);
    name(p, g.signal());
    category(p, CATEGORY_SIGNAL);
    if (g.stopped()) {
      annotations.bool(p, "stopped", true);
    } else {
      List<Value> fields;
      try {
        fields = g.siginfo().values();
      } catch (RuntimeException e) {
        fields = null;
      }
      if (fields == null) {
        annotations.string(p, "siginfo", g.siginfo().text());
      } else {
        annotations.fields(p, fields);
      }
    }
    incomingFlow(p, task, ts);
    log(p, log, false);
    endEvent(p);
    instants++;
  }

  private void exitInstant(TaskState task, long ts, ExitStatus status, String log) {
    ProtoBuffer p = beginEvent(ts, Event.TYPE_INSTANT, task);
    if (status instanceof ExitStatus.Killed k) {
      name(p, "killed");
      category(p, CATEGORY_EXIT);
      annotations.string(p, "signal", k.signal());
      annotations.bool(p, "core_dumped", k.coreDumped());
    } else if (status instanceof ExitStatus.Exited x) {
      name(p, "exited");
      category(p, CATEGORY_EXIT);
      annotations.integer(p, "code", x.code());
    }
    incomingFlow(p, task, ts);
    log(p, log, false);
    endEvent(p);
    task.exitWritten = true;
    instants++;
  }

  /** A log line with no slice or instant of its own to ride on (e.g. with {@code --no-syscalls}). */
  private void logInstant(TaskState task, long ts, String log, boolean warn) {
    ProtoBuffer p = beginEvent(ts, Event.TYPE_INSTANT, task);
    name(p, "strace");
    category(p, CATEGORY_LOG);
    log(p, log, warn);
    endEvent(p);
  }

  private String logBody(TraceEvent event) {
    return EventText.render(event, options.redaction());
  }

  private void log(ProtoBuffer p, String body, boolean warn) {
    if (body == null) {
      return;
    }
    long iid = stream.logBody(body);
    int mark = p.beginMessage(Event.LOG_MESSAGE);
    p.uint64(PerfettoFields.Log.BODY_IID, iid);
    p.uint64(PerfettoFields.Log.PRIO, warn ? PerfettoFields.Log.PRIO_WARN : PerfettoFields.Log.PRIO_INFO);
    p.endMessage(mark);
    logMessages++;
  }

  /** SLICE_END for the innermost open slice of the track; exec phases get the exit status. */
  private void endSlice(TaskState task, long ts, ExitStatus status) {
    if (status == null && ts >= 0) {
      stream.trackEventOnly(ts, Event.TYPE_SLICE_END, task.uuid()); // every syscall's end: the short way
    } else {
      ProtoBuffer p = beginEvent(ts, Event.TYPE_SLICE_END, task);
      if (status != null) {
        annotations.string(p, "exit", status.describe());
        task.process.phaseOpen = false;
      }
      endEvent(p);
    }
    task.lastEndNs = Math.max(task.lastEndNs, ts);
  }

  private int eventMark;

  private ProtoBuffer beginEvent(long ts, int type, TaskState task) {
    ProtoBuffer p = stream.begin(ts);
    eventMark = p.beginMessage(Packet.TRACK_EVENT);
    p.uint64(Event.TYPE, type);
    p.uint64(Event.TRACK_UUID, task.uuid());
    return p;
  }

  private void endEvent(ProtoBuffer p) {
    p.endMessage(eventMark);
    stream.end(true);
  }

  private void name(ProtoBuffer p, String name) {
    long iid = stream.eventNames.iid(name, stream.pendingInterned());
    if (iid != 0) {
      p.uint64(Event.NAME_IID, iid);
    } else {
      p.string(Event.NAME, name);
    }
  }

  private void category(ProtoBuffer p, String category) {
    long iid;
    if (category == CATEGORY_SYSCALL) {
      // two categories on every syscall slice: their iids, once given, are kept here rather than
      // looked up per slice
      iid = syscallCategoryIid != 0 ? syscallCategoryIid : (syscallCategoryIid = internCategory(category));
    } else if (category == CATEGORY_FAILED) {
      iid = failedCategoryIid != 0 ? failedCategoryIid : (failedCategoryIid = internCategory(category));
    } else {
      iid = internCategory(category);
    }
    p.uint64(Event.CATEGORY_IIDS, iid);
  }

  private long syscallCategoryIid;
  private long failedCategoryIid;

  private long internCategory(String category) {
    return stream.categories.iid(category, stream.pendingInterned());
  }

  /** Epoch ns as written: unknown times take the latest one seen, negative ones are clamped. */
  private long timestamp(long ns) {
    if (ns == TraceEvent.NO_TIMESTAMP) {
      return lastTimestampNs;
    }
    long t = Math.max(0, ns);
    if (t > lastTimestampNs) {
      lastTimestampNs = t;
    }
    return t;
  }

  // ---------------------------------------------------------------- state

  /** A process identity: its track and what the trace says about it so far. */
  private static final class ProcessState {
    final long key;
    final int pid;
    final long startNs;
    /** Executable basename of the current image (inherited over fork), null while unknown. */
    String exeName;
    /** {@link #exeName}, else the leader's command name from {@code -Y}. */
    String displayName;
    List<String> argv = List.of();
    int ppid = -1;
    boolean phaseOpen;
    TaskState leader;
    /** Its byte counters, made on its first transfer each. */
    CounterTracks.Bytes bytesRead;
    CounterTracks.Bytes bytesWritten;

    ProcessState(long key, int pid, long startNs) {
      this.key = key;
      this.pid = pid;
      this.startNs = startNs;
    }

    /** Process track uuids are odd, thread track uuids even: both spaces stay distinct. */
    long uuid() {
      return key * 2 + 1;
    }

    /** A forked child runs its parent's image until it execs. */
    void inheritImage(ProcessState parent) {
      if (parent != null && exeName == null) {
        exeName = parent.exeName;
        displayName = parent.displayName;
        argv = parent.argv;
      }
    }
  }

  /** A task: its thread track, the track's cursor and the flow bookkeeping. */
  private static final class TaskState {
    private static final long[] NO_FLOWS = new long[0];
    static final long NO_FLOW_START = Long.MIN_VALUE;

    final Task task;
    final ProcessState process;
    /** The latest end written on this track; new slices start no earlier. */
    long lastEndNs;
    String comm = "";
    boolean spawnKnown;
    boolean firstSliceWritten;
    /** When the spawning call's slice, which starts this task's flow, begins; or not written yet. */
    long flowStartNs = NO_FLOW_START;
    boolean exitWritten;
    /** The spawning call reported before its own {@link #event}, and the children it made. */
    SyscallEvent pendingSpawnCall;
    long[] pendingFlows = NO_FLOWS;

    TaskState(Task task, ProcessState process, long startNs) {
      this.task = task;
      this.process = process;
      this.lastEndNs = startNs;
    }

    long uuid() {
      return task.taskKey() * 2 + 2;
    }

    /** Where a slice starting at {@code ts} may begin on this track. */
    long place(long ts) {
      return Math.max(ts, lastEndNs);
    }

    void addSpawnFlow(SyscallEvent call, long childTaskKey) {
      if (pendingSpawnCall != call) {
        pendingSpawnCall = call;
        pendingFlows = NO_FLOWS;
      }
      pendingFlows = Arrays.copyOf(pendingFlows, pendingFlows.length + 1);
      pendingFlows[pendingFlows.length - 1] = childTaskKey;
    }

    /** Flow ids for {@code call} if it is the pending spawn; the pending state is consumed. */
    long[] takeSpawnFlows(SyscallEvent call) {
      if (pendingSpawnCall == null) {
        return NO_FLOWS;
      }
      long[] result = pendingSpawnCall == call || pendingSpawnCall.equals(call) ? pendingFlows : NO_FLOWS;
      pendingSpawnCall = null;
      pendingFlows = NO_FLOWS;
      return result;
    }
  }
}
