package dev.systrument.otel;

import static dev.systrument.otel.OtelAttributes.CORE_DUMPED;
import static dev.systrument.otel.OtelAttributes.ERROR_TYPE;
import static dev.systrument.otel.OtelAttributes.EXEC_FAILED_EVENT;
import static dev.systrument.otel.OtelAttributes.INHERITED_IMAGE;
import static dev.systrument.otel.OtelAttributes.PROCESS_COMMAND_ARGS;
import static dev.systrument.otel.OtelAttributes.PROCESS_COUNT;
import static dev.systrument.otel.OtelAttributes.PROCESS_ENVIRONMENT_VARIABLE_PREFIX;
import static dev.systrument.otel.OtelAttributes.PROCESS_EXECUTABLE_NAME;
import static dev.systrument.otel.OtelAttributes.PROCESS_EXECUTABLE_PATH;
import static dev.systrument.otel.OtelAttributes.PROCESS_EXIT_CODE;
import static dev.systrument.otel.OtelAttributes.PROCESS_PARENT_PID;
import static dev.systrument.otel.OtelAttributes.PROCESS_PID;
import static dev.systrument.otel.OtelAttributes.RE_EXEC;
import static dev.systrument.otel.OtelAttributes.SIGNAL;
import static dev.systrument.otel.OtelAttributes.THREAD_COUNT;

import dev.systrument.model.Redaction;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecAttempt;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value.Str;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the tracker's process lifecycle into spans, streaming: a span gets its id when its image
 * starts (so that children spawned meanwhile can name it as parent) and is handed to the sink when
 * it ends (next exec or process end). Only running processes are held in memory.
 *
 * <p>The rules (docs/otel.md has the long version):
 *
 * <ul>
 *   <li>A process starts with a span for the image it inherited from the process that spawned it
 *       (a forked child runs its parent's program until it execs). Its first successful exec turns
 *       that span into the exec's span: same id, so children and log records that came before the
 *       exec stay attached, but named and timed after the exec ({@code 19664 execve("/usr/bin/sh",
 *       ["sh", "-c", "exit 3"], ...) = 0} starts span {@code sh}). A process that never execs
 *       exports that inherited span, named after the parent's image.
 *   <li>Each further exec ends the current span ({@code systrument.re_exec=true}) and starts a
 *       sibling with the same parent.
 *   <li>Parent: the span current in the spawning process at spawn time; the root span when the
 *       spawn is not in the log.
 *   <li>The root span covers the whole log and is named after the root process's command line when
 *       there is exactly one root process, {@code processes} otherwise.
 * </ul>
 *
 * <p>Not thread-safe: one producer thread, like the tracker that calls it.
 */
final class SpanAssembler {
  static final String ROOT_SPAN_NAME = "processes";
  private static final int MAX_ROOT_NAME_LENGTH = 256;

  private final Consumer<SpanData> sink;
  private final Timeline timeline;
  private final Redaction redaction;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final IdGenerator ids = IdGenerator.random();
  private final SpanContext remoteParent;
  private final SpanContext rootContext;
  private final TraceState traceState;
  private final Map<Long, ProcessState> running = new HashMap<>();
  private ProcessState lastLookedUp;
  private long processCount;
  /** Processes whose spawn is not (yet) known, in order; the root span is named after a sole one. */
  private final List<ProcessState> roots = new ArrayList<>();
  private boolean finished;

  SpanAssembler(
      Consumer<SpanData> sink,
      Timeline timeline,
      Redaction redaction,
      SpanContext remoteParent,
      Resource resource,
      InstrumentationScopeInfo scope) {
    this.sink = sink;
    this.timeline = timeline;
    this.redaction = redaction;
    this.resource = resource;
    this.scope = scope;
    this.remoteParent = remoteParent;
    String traceId = remoteParent.isValid() ? remoteParent.getTraceId() : ids.generateTraceId();
    this.traceState = remoteParent.isValid() ? remoteParent.getTraceState() : TraceState.getDefault();
    this.rootContext = newContext(traceId);
  }

  /**
   * Context of the span current in {@code task}'s process, or the root's when it is not running
   * or {@code task} is null (strace's own messages that name no task).
   */
  SpanContext currentContext(Task task) {
    if (task == null) {
      return rootContext;
    }
    ProcessState state = lookup(task.processKey());
    return state == null ? rootContext : state.current.context;
  }

  /** {@code event.comm()} names processes that never exec'd (with {@code -Y}). */
  void noteComm(Task task, TraceEvent event) {
    if (task == null) {
      return;
    }
    ProcessState state = lookup(task.processKey());
    if (state != null && state.comm.isEmpty() && !event.comm().isEmpty()) {
      state.comm = event.comm();
    }
  }

  void processStarted(Task leader, Spawn spawn, long timestampNs) {
    ProcessState previous = running.remove(leader.processKey());
    if (previous != null) {
      // The tracker never reuses a key; if it did, do not lose the old span.
      endSpan(previous, previous.current, timestampNs, false, ExitStatus.UNKNOWN);
    }
    processCount++;
    ProcessState state = new ProcessState(leader.processKey(), leader.pid());
    OpenSpan span = new OpenSpan(newContext(rootContext.getTraceId()), rootContext, timestampNs, null, true);
    state.current = span;
    running.put(state.key, state);
    lastLookedUp = state;
    if (spawn != null) {
      attachToSpawner(state, spawn);
    } else {
      state.isRoot = true;
      roots.add(state);
    }
  }

  void threadStarted(Task thread, long timestampNs) {
    ProcessState state = lookupOrStart(thread, timestampNs);
    state.current.threadCount++;
  }

  void parentFound(Task child, Spawn spawn) {
    if (!child.isLeader()) {
      return;
    }
    ProcessState state = lookup(child.processKey());
    if (state == null) {
      return;
    }
    if (state.isRoot) {
      state.isRoot = false;
      roots.remove(state);
    }
    attachToSpawner(state, spawn);
  }

  void exec(Task leader, ExecImage image) {
    ProcessState state = lookupOrStart(leader, image.timestampNs());
    OpenSpan span = state.current;
    if (span.inherited) {
      // The first exec of the process: the inherited span becomes this image's (same id).
      span.inherited = false;
      span.image = image;
      span.startNs = image.timestampNs();
      span.threadCount = 1;
    } else {
      endSpan(state, span, image.timestampNs(), true, null);
      state.current = new OpenSpan(newContext(rootContext.getTraceId()), span.parent, image.timestampNs(), image, false);
    }
    if (state.isRoot && state.firstCommandLine == null) {
      state.firstCommandLine = commandLine(image, redaction);
    }
  }

  void execFailed(Task task, ExecAttempt attempt) {
    ProcessState state = lookupOrStart(task, attempt.timestampNs());
    Attributes attributes = Attributes.of(
        PROCESS_EXECUTABLE_PATH, attempt.path().text(), ERROR_TYPE, attempt.errno());
    state.current.events().add(EventData.create(
        timeline.toEpochNanos(attempt.timestampNs(), timeline.last()), EXEC_FAILED_EVENT, attributes));
  }

  void processEnded(Task leader, ExitStatus status, long timestampNs) {
    ProcessState state = running.remove(leader.processKey());
    if (state == null) {
      return;
    }
    if (lastLookedUp == state) {
      lastLookedUp = null;
    }
    endSpan(state, state.current, timestampNs, false, status);
    state.current = null; // a root stays listed in roots: keep its image (and environment) collectable
  }

  /**
   * Ends every span still open (status unknown: the log ended first), then the root span. Called
   * once, at the end of input; further calls do nothing.
   */
  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    for (ProcessState state : new ArrayList<>(running.values())) {
      endSpan(state, state.current, timeline.last(), false, ExitStatus.UNKNOWN);
    }
    running.clear();
    lastLookedUp = null;
    if (timeline.isEmpty()) {
      return; // nothing happened: no root span either
    }
    String name = roots.size() == 1 && roots.get(0).firstCommandLine != null
        ? roots.get(0).firstCommandLine
        : ROOT_SPAN_NAME;
    sink.accept(new ExportedSpan(
        name,
        rootContext,
        remoteParent,
        StatusData.unset(),
        timeline.toEpochNanos(timeline.first(), timeline.first()),
        timeline.toEpochNanos(timeline.last(), timeline.first()),
        Attributes.of(PROCESS_COUNT, processCount),
        List.of(),
        resource,
        scope));
  }

  private void attachToSpawner(ProcessState state, Spawn spawn) {
    state.parentPid = spawn.parentPid();
    ProcessState spawner = lookup(spawn.caller().processKey());
    OpenSpan span = state.current;
    if (spawner != null) {
      span.parent = spawner.current.context;
      if (span.inherited) {
        span.image = spawner.current.image;
        if (state.comm.isEmpty()) {
          state.comm = spawner.comm;
        }
      }
    }
  }

  private ProcessState lookup(long processKey) {
    ProcessState last = lastLookedUp;
    if (last != null && last.key == processKey) {
      return last;
    }
    ProcessState state = running.get(processKey);
    if (state != null) {
      lastLookedUp = state;
    }
    return state;
  }

  /** The running process of {@code task}; one the tracker did not announce is started as a root. */
  private ProcessState lookupOrStart(Task task, long timestampNs) {
    ProcessState state = lookup(task.processKey());
    if (state == null) {
      processStarted(new Task(task.taskKey(), task.processKey(), task.pid(), task.pid()), null, timestampNs);
      state = lookup(task.processKey());
    }
    return state;
  }

  private SpanContext newContext(String traceId) {
    return SpanContext.create(traceId, ids.generateSpanId(), TraceFlags.getSampled(), traceState);
  }

  private void endSpan(ProcessState state, OpenSpan span, long endNs, boolean reExec, ExitStatus status) {
    AttributesBuilder a = Attributes.builder();
    a.put(PROCESS_PID, state.pid);
    if (state.parentPid != 0) {
      a.put(PROCESS_PARENT_PID, state.parentPid);
    }
    ExecImage image = span.image;
    String name;
    if (image != null) {
      name = image.executableName();
      a.put(PROCESS_EXECUTABLE_NAME, name);
      a.put(PROCESS_EXECUTABLE_PATH, image.path().text());
      a.put(PROCESS_COMMAND_ARGS, redaction.argvText(image.argv()));
      if (!span.inherited) {
        putEnvironment(a, image);
      }
    } else {
      name = "";
    }
    if (name.isEmpty()) {
      name = state.comm.isEmpty() ? "pid " + state.pid : state.comm;
    }
    if (span.inherited) {
      a.put(INHERITED_IMAGE, true);
    }
    a.put(THREAD_COUNT, span.threadCount);
    if (reExec) {
      a.put(RE_EXEC, true);
    }
    StatusData statusData = StatusData.unset();
    if (status instanceof ExitStatus.Exited exited) {
      a.put(PROCESS_EXIT_CODE, exited.code());
      if (exited.code() != 0) {
        a.put(ERROR_TYPE, Integer.toString(exited.code()));
        statusData = StatusData.create(StatusCode.ERROR, status.describe());
      }
    } else if (status instanceof ExitStatus.Killed killed) {
      a.put(ERROR_TYPE, killed.signal());
      a.put(SIGNAL, killed.signal());
      a.put(CORE_DUMPED, killed.coreDumped());
      statusData = StatusData.create(StatusCode.ERROR, status.describe());
    }
    long start = timeline.toEpochNanos(span.startNs, timeline.first());
    long end = timeline.toEpochNanos(endNs, timeline.last());
    sink.accept(new ExportedSpan(
        name,
        span.context,
        span.parent,
        statusData,
        start,
        Math.max(start, end),
        a.build(),
        span.events == null ? List.of() : span.events,
        resource,
        scope));
  }

  private void putEnvironment(AttributesBuilder a, ExecImage image) {
    if (!redaction.exportsEnv() || !image.envKnown()) {
      return;
    }
    for (Str entry : image.env()) {
      String text = entry.text();
      int eq = text.indexOf('=');
      if (eq <= 0) {
        continue; // strace prints what execve got; "FOO" without '=' is not a variable
      }
      String name = text.substring(0, eq);
      String value = redaction.envValue(name, text.substring(eq + 1));
      if (value != null) {
        a.put(AttributeKey.stringKey(PROCESS_ENVIRONMENT_VARIABLE_PREFIX + name), value);
      }
    }
  }

  /**
   * The command line as one line, for the root span's name: {@code python3 -c "import x\nx.run()"}
   * has a real newline in its argv, written back as strace does ({@code \n}). Redacted like the
   * argv attribute.
   */
  private static String commandLine(ExecImage image, Redaction redaction) {
    String line = String.join(" ", redaction.argvText(image.argv()));
    if (line.isBlank()) {
      line = image.path().text();
    }
    StringBuilder sb = new StringBuilder(line.length() + 8);
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else {
        sb.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return sb.length() <= MAX_ROOT_NAME_LENGTH ? sb.toString() : sb.substring(0, MAX_ROOT_NAME_LENGTH - 3) + "...";
  }

  /** A running process. */
  private static final class ProcessState {
    final long key;
    final int pid;
    int parentPid;
    boolean isRoot;
    /** For a root process: its first exec's command line, which names the root span. */
    String firstCommandLine;
    String comm = "";
    OpenSpan current;

    ProcessState(long key, int pid) {
      this.key = key;
      this.pid = pid;
    }
  }

  /** The span of a process's current image, not yet ended. */
  private static final class OpenSpan {
    final SpanContext context;
    SpanContext parent;
    long startNs;
    /** The image run: the process's own after an exec, else the spawner's; null when unknown. */
    ExecImage image;
    /** True until the process's first successful exec. */
    boolean inherited;
    long threadCount = 1;
    List<EventData> events;

    OpenSpan(SpanContext context, SpanContext parent, long startNs, ExecImage image, boolean inherited) {
      this.context = context;
      this.parent = parent;
      this.startNs = startNs;
      this.image = image;
      this.inherited = inherited;
    }

    List<EventData> events() {
      if (events == null) {
        events = new ArrayList<>();
      }
      return events;
    }
  }
}
