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
 *       that span into the exec's span: same id and start, so children and log records that came
 *       before the exec stay attached and inside it, but named after the exec ({@code 19664
 *       execve("/usr/bin/sh", ["sh", "-c", "exit 3"], ...) = 0} makes the span {@code sh}). A process that never execs
 *       exports that inherited span, named after the parent's image.
 *   <li>Each further exec ends the current span ({@code systrument.re_exec=true}) and starts a
 *       sibling with the same parent.
 *   <li>Parent: the span current in the spawning process at spawn time; the root span when the
 *       spawn is not in the log.
 *   <li>With exactly one root process (one whose spawn is not in the log), its span is the trace's
 *       root and covers the whole log; with several (attached processes, {@code -ff} pieces), a
 *       synthetic root {@code processes} groups them. Root processes' top spans are therefore held
 *       until {@link #finish()} (there are few). A root process's further exec images are children
 *       of its first span, so the root stays one span.
 *   <li>Spans are named after the program ({@code gcc}, low cardinality, as OpenTelemetry asks);
 *       the command line is the {@code process.command_args} attribute.
 *   <li>Each span has a resource of its own: {@code service.name} = the program (unless {@code
 *       OTEL_SERVICE_NAME} names one service for all), with the {@code process.*} attributes where
 *       the semantic conventions place them; they stay span attributes too.
 *   <li>A process span ends at the last record of its process (a {@code <... futex resumed>} after
 *       {@code exit_group} included), not only at its exit.
 * </ul>
 *
 * <p>Not thread-safe: one producer thread, like the tracker that calls it.
 */
final class SpanAssembler {
  static final String ROOT_SPAN_NAME = "processes";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final Consumer<SpanData> sink;
  private final Timeline timeline;
  private final Redaction redaction;
  /** OTEL_RESOURCE_ATTRIBUTES, telemetry.sdk.*, service.name: the synthetic root's, and the base of every process's. */
  private final Resource resource;
  /** Whether service.name is the program's (no OTEL_SERVICE_NAME given). */
  private final boolean servicePerProgram;
  private final InstrumentationScopeInfo scope;
  private final IdGenerator ids = IdGenerator.random();
  private final SpanContext remoteParent;
  private final SpanContext rootContext;
  private final TraceState traceState;
  private final Map<Long, ProcessState> running = new HashMap<>();
  private ProcessState lastLookedUp;
  private long processCount;
  /** Whether a root process's span has the id {@link #rootContext} (the first one does). */
  private boolean rootIdTaken;
  /** Ended top spans of root processes, exported by {@link #finish()} once it is known how many there are. */
  private final List<ExportedSpan> rootSpans = new ArrayList<>();
  /** For records of processes no longer running: the resource of the span they are linked to. */
  private Resource rootResource;
  private boolean finished;

  SpanAssembler(
      Consumer<SpanData> sink,
      Timeline timeline,
      Redaction redaction,
      SpanContext remoteParent,
      Resource resource,
      boolean servicePerProgram,
      InstrumentationScopeInfo scope) {
    this.sink = sink;
    this.timeline = timeline;
    this.redaction = redaction;
    this.resource = resource;
    this.servicePerProgram = servicePerProgram;
    this.rootResource = resource;
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

  /** Resource of the span current in {@code task}'s process (what {@link #currentContext} names). */
  Resource currentResource(Task task) {
    ProcessState state = task == null ? null : lookup(task.processKey());
    return state == null ? rootResource : resource(state, state.current);
  }

  /**
   * An event of {@code task}: its end extends its process's span, and {@code event.comm()} names
   * processes that never exec'd (with {@code -Y}).
   */
  void event(Task task, TraceEvent event, long endNs) {
    // task is null for a strace message that names no task (`strace: Seccomp filter ...`)
    ProcessState state = task == null ? null : lookup(task.processKey());
    if (state == null) {
      return;
    }
    state.lastNs = Math.max(state.lastNs, endNs);
    if (event.timestampNs() != TraceEvent.NO_TIMESTAMP && event.timestampNs() < state.current.startNs) {
      state.current.startNs = event.timestampNs(); // a record held back until the process was known
    }
    if (state.comm.isEmpty() && !event.comm().isEmpty()) {
      state.comm = event.comm();
      state.current.resource = null; // its service.name may be the comm
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
    boolean root = spawn == null;
    // The first root process's span takes the root's id: records and processes with no known
    // parent link to it, and with one root process it is the trace's root.
    SpanContext context = root && !rootIdTaken ? rootContext : newContext(rootContext.getTraceId());
    rootIdTaken |= root;
    OpenSpan span = new OpenSpan(context, rootContext, timestampNs, null, true);
    span.top = root;
    state.current = span;
    running.put(state.key, state);
    lastLookedUp = state;
    if (spawn != null) {
      attachToSpawner(state, spawn);
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
    state.current.top = false; // not a root after all: its span is exported like any other
    attachToSpawner(state, spawn);
  }

  void exec(Task leader, ExecImage image) {
    ProcessState state = lookupOrStart(leader, image.timestampNs());
    OpenSpan span = state.current;
    if (span.inherited) {
      // The first exec of the process: the inherited span becomes this image's (same id), still
      // starting where the process did, so that it covers the records before the exec (the
      // child's set_robust_list, the failed execve of a PATH search).
      span.inherited = false;
      span.image = image;
      span.resource = null;
      span.threadCount = 1;
    } else {
      endSpan(state, span, image.timestampNs(), true, null);
      // A sibling with the same parent; for a root process a child, so that the root stays one span.
      SpanContext parent = span.top ? span.context : span.parent;
      state.current = new OpenSpan(newContext(rootContext.getTraceId()), parent, image.timestampNs(), image, false);
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
    state.current = null;
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
    long first = timeline.toEpochNanos(timeline.first(), timeline.first());
    long last = timeline.toEpochNanos(timeline.last(), timeline.first());
    if (rootSpans.size() == 1) {
      // The user's command: the trace's root, covering every line of the log (orphans outliving it too).
      ExportedSpan root = rootSpans.get(0);
      sink.accept(root.asRoot(remoteParent, Math.min(root.getStartEpochNanos(), first),
          Math.max(root.getEndEpochNanos(), last), Attributes.of(PROCESS_COUNT, processCount)));
      return;
    }
    SpanContext group = rootIdTaken ? newContext(rootContext.getTraceId()) : rootContext;
    sink.accept(new ExportedSpan(
        ROOT_SPAN_NAME,
        group,
        remoteParent,
        StatusData.unset(),
        first,
        last,
        Attributes.of(PROCESS_COUNT, processCount),
        List.of(),
        resource,
        scope));
    for (ExportedSpan root : rootSpans) {
      sink.accept(root.asRoot(group, root.getStartEpochNanos(), root.getEndEpochNanos(), Attributes.empty()));
    }
    rootSpans.clear();
  }

  private void attachToSpawner(ProcessState state, Spawn spawn) {
    state.parentPid = spawn.parentPid();
    ProcessState spawner = lookup(spawn.caller().processKey());
    OpenSpan span = state.current;
    span.resource = null; // process.parent_pid, and the inherited image
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

  /** The program a span runs, for its name and service: {@code gcc}; the comm, or null when unknown. */
  private static String program(ProcessState state, OpenSpan span) {
    String name = span.image == null ? "" : span.image.executableName();
    if (name.isEmpty()) {
      name = state.comm;
    }
    return name.isEmpty() ? null : name;
  }

  /** The process's resource while {@code span} is its current one (cached until the image or parent changes). */
  private Resource resource(ProcessState state, OpenSpan span) {
    if (span.resource == null) {
      AttributesBuilder a = Attributes.builder();
      String program = program(state, span);
      if (servicePerProgram && program != null) {
        a.put(SERVICE_NAME, program);
      }
      putProcess(a, state, span);
      span.resource = resource.merge(Resource.create(a.build()));
    }
    return span.resource;
  }

  /** The process.* attributes of the semantic conventions: on the resource, and on the span too. */
  private void putProcess(AttributesBuilder a, ProcessState state, OpenSpan span) {
    a.put(PROCESS_PID, state.pid);
    if (state.parentPid != 0) {
      a.put(PROCESS_PARENT_PID, state.parentPid);
    }
    ExecImage image = span.image;
    if (image != null) {
      a.put(PROCESS_EXECUTABLE_NAME, image.executableName());
      a.put(PROCESS_EXECUTABLE_PATH, image.path().text());
      a.put(PROCESS_COMMAND_ARGS, redaction.argvText(image.argv()));
    }
  }

  private void endSpan(ProcessState state, OpenSpan span, long endNs, boolean reExec, ExitStatus status) {
    AttributesBuilder a = Attributes.builder();
    putProcess(a, state, span);
    ExecImage image = span.image;
    if (image != null && !span.inherited) {
      putEnvironment(a, image);
    }
    String name = program(state, span);
    if (name == null) {
      name = "pid " + state.pid;
    }
    if (!reExec) {
      endNs = Math.max(endNs, state.lastNs); // records delivered after the exit (a late "resumed") included
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
    if (span.inherited && span.events != null && !span.events.isEmpty() && statusData.getStatusCode() != StatusCode.ERROR) {
      // Every exec it tried failed (a PATH search that found nothing): the program never ran.
      EventData lastTry = span.events.get(span.events.size() - 1);
      statusData = StatusData.create(StatusCode.ERROR, "exec failed: "
          + lastTry.getAttributes().get(PROCESS_EXECUTABLE_PATH) + " " + lastTry.getAttributes().get(ERROR_TYPE));
    }
    long start = timeline.toEpochNanos(span.startNs, timeline.first());
    long end = timeline.toEpochNanos(endNs, timeline.last());
    ExportedSpan exported = new ExportedSpan(
        name,
        span.context,
        span.parent,
        statusData,
        start,
        Math.max(start, end),
        a.build(),
        span.events == null ? List.of() : span.events,
        resource(state, span),
        scope);
    if (span.top) {
      rootSpans.add(exported); // finish() decides its parent: none (the trace's root) or the group
      rootResource = exported.getResource();
    } else {
      sink.accept(exported);
    }
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

  /** A running process. */
  private static final class ProcessState {
    final long key;
    final int pid;
    int parentPid;
    String comm = "";
    /** End of the latest record of the process seen so far. */
    long lastNs = Long.MIN_VALUE;
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
    /** The first span of a root process: held until finish, which decides its parent. */
    boolean top;
    /** {@link #resource(ProcessState, OpenSpan)}'s cache. */
    Resource resource;
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
