package dev.systrument.otel;

import static dev.systrument.otel.Events.ns;
import static dev.systrument.otel.OtlpReceiver.booleanAttribute;
import static dev.systrument.otel.OtlpReceiver.hex;
import static dev.systrument.otel.OtlpReceiver.longAttribute;
import static dev.systrument.otel.OtlpReceiver.stringArrayAttribute;
import static dev.systrument.otel.OtlpReceiver.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.Arguments;
import dev.systrument.model.EventText;
import dev.systrument.model.Redaction;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value;
import dev.systrument.model.value.Value.Str;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mapping of docs/otel.md, checked on what a real OTLP/HTTP receiver decodes. */
class OtelExporterTest {
  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private OtelOptions.Builder options() {
    return OtelOptions.builder().endpoint(receiver.baseUrl()).retry(3, Duration.ofMillis(10));
  }

  private BuildScenario replay(OtelOptions options) {
    BuildScenario build = new BuildScenario();
    OtelExporter exporter = OtelExporter.create(options);
    build.replay(exporter);
    ExportResult result = exporter.shutdown();
    assertThat(result.firstError()).isNull();
    assertThat(result.success()).isTrue();
    assertThat(result.spansExported()).isEqualTo(receiver.spans().size());
    assertThat(result.logsExported()).isEqualTo(receiver.logs().size());
    return build;
  }

  private Span span(int pid, String name) {
    List<Span> found = receiver.spans().stream()
        .filter(s -> Long.valueOf(pid).equals(longAttribute(s.getAttributesList(), "process.pid")))
        .filter(s -> s.getName().equals(name))
        .toList();
    assertThat(found).as("span %s of pid %d", name, pid).hasSize(1);
    return found.get(0);
  }

  /** The trace's root: the span without a parent in this trace. */
  private Span rootSpan() {
    List<Span> roots = receiver.spans().stream()
        .filter(s -> receiver.spans().stream().noneMatch(p -> p.getSpanId().equals(s.getParentSpanId())))
        .toList();
    assertThat(roots).hasSize(1);
    return roots.get(0);
  }

  @Test
  void oneSpanPerExecImagePlusOneForTheSubshell() {
    replay(options().build());

    // No synthetic root: the sole root process (bash 19663) is the root. Names are programs.
    assertThat(receiver.spans()).extracting(Span::getName).containsExactlyInAnyOrder(
        "bash", "sh", "bash", "true", "env", "true");
    assertThat(rootSpan()).isEqualTo(span(19663, "bash"));
    assertThat(receiver.spans()).extracting(s -> hex(s.getSpanId())).doesNotHaveDuplicates();
    assertThat(receiver.spans()).extracting(s -> hex(s.getTraceId())).containsOnly(hex(rootSpan().getTraceId()));
  }

  @Test
  void parentIsTheSpawnersCurrentSpanAndTheRootSpanCoversTheLog() {
    replay(options().build());
    Span root = rootSpan();
    Span bash = root;
    Span subshell = span(19665, "bash");
    Span env = span(19668, "env");
    Span envTrue = span(19668, "true");

    assertThat(root.getParentSpanId().isEmpty()).isTrue();
    assertThat(root.getStartTimeUnixNano()).isEqualTo(BuildScenario.first());
    assertThat(root.getEndTimeUnixNano()).isEqualTo(BuildScenario.last());
    assertThat(longAttribute(root.getAttributesList(), "systrument.process_count")).isEqualTo(5);
    assertThat(longAttribute(root.getAttributesList(), "process.pid")).isEqualTo(19663);
    assertThat(span(19664, "sh").getParentSpanId()).isEqualTo(bash.getSpanId());
    assertThat(subshell.getParentSpanId()).isEqualTo(bash.getSpanId());
    assertThat(span(20483, "true").getParentSpanId()).isEqualTo(subshell.getSpanId());
    // A re-exec gives a sibling: both images of 19668 hang under bash.
    assertThat(env.getParentSpanId()).isEqualTo(bash.getSpanId());
    assertThat(envTrue.getParentSpanId()).isEqualTo(bash.getSpanId());
  }

  @Test
  void spansAreTimedByExecAndEnd() {
    BuildScenario build = replay(options().build());

    // A process's first span starts with the process (bash's clone), not at its exec (.365204):
    // the records between (the child's set_robust_list, failed execs) are inside it.
    Span sh = span(19664, "sh");
    assertThat(build.shExec.timestampNs()).isEqualTo(ns("1795658720.365204"));
    assertThat(sh.getStartTimeUnixNano()).isEqualTo(ns("1795658720.362809"));
    assertThat(sh.getEndTimeUnixNano()).isEqualTo(ns("1795658720.366509"));
    Span env = span(19668, "env");
    assertThat(env.getStartTimeUnixNano()).isEqualTo(ns("1795658720.370000")); // its clone, before the exec
    assertThat(env.getEndTimeUnixNano()).isEqualTo(build.envTrueExec.timestampNs());
    Span envTrue = span(19668, "true");
    assertThat(envTrue.getStartTimeUnixNano()).isEqualTo(build.envTrueExec.timestampNs());
    // Exited at .371200, but its execve (at .371000, 359 µs in the scenario) returned at .371359:
    // a span covers every record of its process.
    assertThat(envTrue.getEndTimeUnixNano()).isEqualTo(ns("1795658720.371359"));
    // The subshell never exec'd: its span runs from the clone to its exit.
    Span subshell = span(19665, "bash");
    assertThat(subshell.getStartTimeUnixNano()).isEqualTo(ns("1795658720.366809"));
    assertThat(subshell.getEndTimeUnixNano()).isEqualTo(ns("1795658720.369000"));
  }

  @Test
  void attributesFollowTheSemanticConventions() {
    replay(options().build());

    Span sh = span(19664, "sh");
    var a = sh.getAttributesList();
    assertThat(longAttribute(a, "process.parent_pid")).isEqualTo(19663);
    assertThat(stringAttribute(a, "process.executable.name")).isEqualTo("sh");
    assertThat(stringAttribute(a, "process.executable.path")).isEqualTo("/usr/bin/sh");
    assertThat(stringArrayAttribute(a, "process.command_args")).containsExactly("sh", "-c", "exit 3");
    assertThat(longAttribute(a, "process.exit.code")).isEqualTo(3);
    assertThat(stringAttribute(a, "error.type")).isEqualTo("3");
    assertThat(sh.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(sh.getStatus().getMessage()).isEqualTo("exit 3");
    assertThat(longAttribute(a, "systrument.thread_count")).isEqualTo(1);
    assertThat(sh.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);

    Span bash = span(19663, "bash");
    assertThat(bash.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(longAttribute(bash.getAttributesList(), "process.exit.code")).isZero();
    assertThat(stringAttribute(bash.getAttributesList(), "error.type")).isNull();
    assertThat(longAttribute(bash.getAttributesList(), "process.parent_pid")).isNull();

    Span killed = span(20483, "true");
    var k = killed.getAttributesList();
    assertThat(killed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(killed.getStatus().getMessage()).isEqualTo("SIGSEGV (core dumped)");
    assertThat(stringAttribute(k, "error.type")).isEqualTo("SIGSEGV");
    assertThat(stringAttribute(k, "systrument.signal")).isEqualTo("SIGSEGV");
    assertThat(booleanAttribute(k, "systrument.core_dumped")).isTrue();
    assertThat(longAttribute(k, "process.exit.code")).isNull();
    assertThat(longAttribute(k, "systrument.thread_count")).isEqualTo(2);

    Span subshell = span(19665, "bash");
    assertThat(booleanAttribute(subshell.getAttributesList(), "systrument.inherited_image")).isTrue();
    assertThat(stringAttribute(subshell.getAttributesList(), "process.executable.path")).isEqualTo("/usr/bin/bash");

    assertThat(booleanAttribute(span(19668, "env").getAttributesList(), "systrument.re_exec")).isTrue();
    assertThat(booleanAttribute(span(19668, "true").getAttributesList(), "systrument.re_exec")).isNull();
  }

  @Test
  void failedExecAttemptsAreSpanEvents() {
    replay(options().build());

    Span killed = span(20483, "true");
    assertThat(killed.getEventsList()).hasSize(2);
    assertThat(killed.getEventsList()).allSatisfy(e -> {
      assertThat(e.getName()).isEqualTo("exec failed");
      assertThat(stringAttribute(e.getAttributesList(), "error.type")).isEqualTo("ENOENT");
    });
    assertThat(killed.getEventsList()).extracting(e -> stringAttribute(e.getAttributesList(), "process.executable.path"))
        .containsExactly("/usr/local/sbin/true", "/usr/local/bin/true");
    assertThat(killed.getEventsList().get(0).getTimeUnixNano()).isEqualTo(ns("1795658720.367100"));
  }

  @Test
  void environmentIsExportedOnlyWhenAskedAndRedacted() {
    replay(options().build());
    assertThat(span(19663, "bash").getAttributesList())
        .noneMatch(kv -> kv.getKey().startsWith("process.environment_variable."));
  }

  @Test
  void redactedEnvironmentHidesSecretValues() {
    replay(options().redaction(Redaction.DEFAULT).build());
    var a = span(19663, "bash").getAttributesList();
    assertThat(stringAttribute(a, "process.environment_variable.HOME")).isEqualTo("/tmp/corpushome");
    assertThat(stringAttribute(a, "process.environment_variable.GITHUB_TOKEN")).isEqualTo("<redacted>");
    // The subshell inherited bash's image; its environment is on bash's span only.
    assertThat(span(19665, "bash").getAttributesList())
        .noneMatch(kv -> kv.getKey().startsWith("process.environment_variable."));
  }

  @Test
  void allEnvironmentKeepsSecrets() {
    replay(options().redaction(Redaction.DEFAULT.withEnv(Redaction.Env.ALL)).build());
    assertThat(stringAttribute(span(19663, "bash").getAttributesList(), "process.environment_variable.GITHUB_TOKEN"))
        .isEqualTo("ghp_0123456789abcdef");
  }

  @Test
  void oneLogRecordPerEventLinkedToTheSpanOfItsProcess() {
    BuildScenario build = replay(options().logs(true).build());

    List<LogRecord> logs = receiver.logs();
    assertThat(logs).hasSize(build.fed.size());
    Map<Long, LogRecord> byLine = logs.stream().collect(Collectors.toMap(
        r -> longAttribute(r.getAttributesList(), "systrument.source.line"), r -> r));
    Map<String, String> spanNames = new HashMap<>();
    receiver.spans().forEach(s -> spanNames.put(hex(s.getSpanId()),
        s.getName() + "@" + longAttribute(s.getAttributesList(), "process.pid")));
    String traceId = hex(rootSpan().getTraceId());

    for (BuildScenario.Fed fed : build.fed) {
      LogRecord r = byLine.get(fed.event().location().line());
      assertThat(r).as("log record of %s", fed.event()).isNotNull();
      // the strace line, an exec's argv and environment redacted (these events carry their text only)
      assertThat(r.getBody().getStringValue()).isEqualTo(EventText.render(fed.event(), OtelOptions.builder().build().redaction()))
          .doesNotContain("ghp_0123456789abcdef");
      assertThat(r.getTimeUnixNano()).isEqualTo(fed.event().timestampNs());
      assertThat(hex(r.getTraceId())).isEqualTo(traceId);
      assertThat(longAttribute(r.getAttributesList(), "process.pid")).isEqualTo(fed.task().pid());
      assertThat(longAttribute(r.getAttributesList(), "thread.id")).isEqualTo(fed.task().tid());
    }
    assertThat(spanNames.get(hex(byLine.get(build.shExec.location().line()).getSpanId()))).isEqualTo("sh@19664");
    assertThat(spanNames.get(hex(byLine.get(build.envExec.location().line()).getSpanId()))).isEqualTo("env@19668");
    assertThat(spanNames.get(hex(byLine.get(build.envTrueExec.location().line()).getSpanId())))
        .isEqualTo("true@19668");
    // Records of the killed process, its failed execs included, belong to its span.
    assertThat(logs.stream().filter(r -> longAttribute(r.getAttributesList(), "process.pid") == 20483))
        .hasSize(5)
        .allSatisfy(r -> assertThat(spanNames.get(hex(r.getSpanId()))).isEqualTo("true@20483"));
  }

  /**
   * An exec whose argv and environment carry secrets: span attributes, the root span's name (the
   * sole root's command line), log bodies and the syscall-arguments attribute all hide them, and
   * no request body holds them; {@code --no-redact} sends them (so the check can fail).
   */
  @Test
  void argvSecretsAreHiddenInSpansLogsAndEveryRequestBody() throws Exception {
    List<String> argv = List.of("curl", "-u", "me:PLANTEDpw1", "--token", "PLANTEDtok2", "https://ci:PLANTEDpw3@example.com/x");
    List<String> env = List.of("HOME=/root", "DATABASE_URL=postgres://u:PLANTEDpw4@db/app", "GITHUB_TOKEN=PLANTEDtok5");
    // 300 1700000000.000100 execve("/usr/bin/curl", ["curl", "-u", "me:...", ...], [...]) = 0 <0.000359>
    String text = "\"/usr/bin/curl\", [" + argv.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")) + "], ["
        + env.stream().map(e -> "\"" + e + "\"").collect(Collectors.joining(", ")) + "]";
    List<Value> values = List.of(Str.of("/usr/bin/curl"), strings(argv), strings(env));
    SyscallEvent exec = new SyscallEvent(300, ns("1700000000.000100"), TimeKind.EPOCH, "", Events.next(), "execve",
        Arguments.of(text, values), SyscallResult.of(0), 359_000, TraceEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of());
    Consumer<OtelOptions> run = options -> {
      OtelExporter exporter = OtelExporter.create(options);
      Task curl = new Task(1, 1, 300, 300);
      exporter.processStarted(curl, null, exec.timestampNs());
      exporter.exec(curl, new ExecImage(Str.of("/usr/bin/curl"), argv.stream().map(Str::of).toList(),
          env.stream().map(Str::of).toList(), true, exec.timestampNs(), 300));
      exporter.event(curl, exec);
      exporter.processEnded(curl, new ExitStatus.Exited(0), ns("1700000000.000900"));
      exporter.finished(new dev.systrument.model.process.ProcessTree(List.of()));
      assertThat(exporter.shutdown().success()).isTrue();
    };

    run.accept(options().logs(true).redaction(Redaction.DEFAULT).build());

    Span span = span(300, "curl");
    assertThat(stringArrayAttribute(span.getAttributesList(), "process.command_args"))
        .containsExactly("curl", "-u", "me:<redacted>", "--token", "<redacted>", "https://ci:<redacted>@example.com/x");
    assertThat(stringAttribute(span.getAttributesList(), "process.environment_variable.DATABASE_URL"))
        .isEqualTo("postgres://u:<redacted>@db/app");
    assertThat(rootSpan().getName()).isEqualTo("curl"); // the command line is an attribute, redacted as above
    LogRecord log = receiver.logs().get(0);
    assertThat(log.getBody().getStringValue()).contains("\"me:<redacted>\"", "\"GITHUB_TOKEN=<redacted>\"");
    assertThat(stringAttribute(log.getAttributesList(), "systrument.syscall.args")).contains("\"--token\", \"<redacted>\"");
    assertThat(receiver.bodies()).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(body -> assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain("PLANTED"));

    receiver.close();
    receiver = OtlpReceiver.start();
    run.accept(options().logs(true).redaction(Redaction.OFF).build());
    String sent = receiver.bodies().stream().map(b -> new String(b, StandardCharsets.ISO_8859_1))
        .collect(Collectors.joining());
    assertThat(sent).contains("PLANTEDpw1", "PLANTEDtok2", "PLANTEDpw3", "PLANTEDpw4", "PLANTEDtok5");
  }

  private static Value.Array strings(List<String> texts) {
    return new Value.Array(texts.stream().<Value>map(Str::of).toList());
  }

  @Test
  void logRecordsCarryTheSyscallsParts() {
    BuildScenario build = replay(options().logs(true).build());
    LogRecord access = receiver.logs().stream()
        .filter(r -> "access".equals(stringAttribute(r.getAttributesList(), "systrument.syscall.name")))
        .findFirst().orElseThrow();
    var a = access.getAttributesList();
    assertThat(stringAttribute(a, "systrument.event")).isEqualTo("syscall");
    assertThat(stringAttribute(a, "systrument.syscall.args")).isEqualTo("\"/etc/ld.so.preload\", R_OK");
    assertThat(stringAttribute(a, "systrument.syscall.result")).isEqualTo("-1 ENOENT (No such file or directory)");
    assertThat(stringAttribute(a, "systrument.syscall.errno")).isEqualTo("ENOENT");
    assertThat(longAttribute(a, "systrument.syscall.duration_ns")).isEqualTo(45_000);
    assertThat(access.getBody().getStringValue())
        .isEqualTo("19663 access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or directory) <0.000045000>");
    assertThat(build.fed).isNotEmpty();
    LogRecord killed = receiver.logs().stream()
        .filter(r -> "killed".equals(stringAttribute(r.getAttributesList(), "systrument.event")))
        .findFirst().orElseThrow();
    assertThat(stringAttribute(killed.getAttributesList(), "systrument.signal")).isEqualTo("SIGSEGV");
  }

  @Test
  void resourceAndScopeNameTheService() {
    replay(options().serviceName("ci-build").resourceAttribute("deployment.environment.name", "ci").build());
    assertThat(receiver.resources()).allSatisfy(r -> {
      assertThat(stringAttribute(r.getAttributesList(), "service.name")).isEqualTo("ci-build");
      assertThat(stringAttribute(r.getAttributesList(), "deployment.environment.name")).isEqualTo("ci");
      assertThat(stringAttribute(r.getAttributesList(), "telemetry.sdk.language")).isEqualTo("java");
    });
    assertThat(receiver.scopes()).containsOnly("dev.systrument.otel");
  }

  @Test
  void traceParentMakesTheRootSpanAChildOfThatContext() {
    replay(options()
        .parentContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "vendor=ci")
        .build());
    Span root = rootSpan();
    assertThat(hex(root.getTraceId())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(hex(root.getParentSpanId())).isEqualTo("00f067aa0ba902b7");
    assertThat(receiver.spans()).allSatisfy(s -> {
      assertThat(hex(s.getTraceId())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(s.getTraceState()).isEqualTo("vendor=ci");
    });
  }

  @Test
  void relativeToNowShiftsEverythingAndKeepsDurations() {
    long before = System.currentTimeMillis() * 1_000_000L;
    BuildScenario build = replay(options().relativeToNow(true).logs(true).build());
    long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;

    Span root = rootSpan();
    assertThat(root.getStartTimeUnixNano()).isBetween(before, after);
    long shift = root.getStartTimeUnixNano() - BuildScenario.first();
    assertThat(root.getEndTimeUnixNano() - root.getStartTimeUnixNano())
        .isEqualTo(BuildScenario.last() - BuildScenario.first());
    Span sh = span(19664, "sh");
    assertThat(sh.getStartTimeUnixNano()).isEqualTo(ns("1795658720.362809") + shift);
    assertThat(sh.getEndTimeUnixNano()).isEqualTo(ns("1795658720.366509") + shift);
    assertThat(span(20483, "true").getEvents(0).getTimeUnixNano()).isEqualTo(ns("1795658720.367100") + shift);
    Map<Long, Long> eventTimeByLine = build.fed.stream().collect(Collectors.toMap(
        f -> f.event().location().line(), f -> f.event().timestampNs()));
    assertThat(receiver.logs()).hasSize(build.fed.size()).allSatisfy(r -> assertThat(r.getTimeUnixNano())
        .isEqualTo(eventTimeByLine.get(longAttribute(r.getAttributesList(), "systrument.source.line")) + shift));
  }

  @Test
  void childSeenBeforeItsParentsCloneReturnedIsReattachedWhenTheParentIsFound() {
    // 19601's first lines come before 19600's clone returns (w01-pipeline.G-stderr: "strace:
    // Process 19601 attached" glued to the clone line): processStarted without spawn, then parentFound.
    OtelExporter exporter = OtelExporter.create(options().build());
    Task parent = new Task(1, 1, 19600, 19600);
    Task child = new Task(2, 2, 19601, 19601);
    var exec = Events.execve(19600, "1795658719.870000", "/usr/bin/bash", List.of("bash", "-c", "ls | wc"), List.of(),
        Events.ok(0));
    exporter.processStarted(parent, null, exec.timestampNs());
    exporter.exec(parent, Events.image(exec, "/usr/bin/bash", List.of("bash", "-c", "ls | wc"), List.of()));
    exporter.event(parent, exec);
    var early = Events.syscall(19601, "1795658719.876939", "set_robust_list", "0x7f5b3725fa20, 24", Events.ok(0), 1000);
    exporter.processStarted(child, null, early.timestampNs());
    exporter.event(child, early);
    var clone = Events.syscall(19600, "1795658719.876722", "clone", BuildScenario.CLONE_ARGS, Events.ok(19601), 1000);
    exporter.parentFound(child, new Spawn(parent, 1, 19600, clone));
    exporter.event(parent, clone);
    exporter.finished(new dev.systrument.model.process.ProcessTree(List.of()));
    ExportResult result = exporter.shutdown();

    assertThat(result.success()).isTrue();
    Span bash = span(19600, "bash");
    Span forked = span(19601, "bash"); // never exec'd: named after the parent's image
    assertThat(forked.getParentSpanId()).isEqualTo(bash.getSpanId());
    assertThat(longAttribute(forked.getAttributesList(), "process.parent_pid")).isEqualTo(19600);
    // With the child re-attached there is one root process again: it is the root span.
    assertThat(rootSpan()).isEqualTo(bash);
    // Still running at the end of the log: no status, no exit code.
    assertThat(forked.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(longAttribute(forked.getAttributesList(), "process.exit.code")).isNull();
  }

  @Test
  void shutdownWithoutFinishedStillEndsOpenSpansAndIsIdempotent() {
    OtelExporter exporter = OtelExporter.create(options().build());
    Task t = new Task(1, 1, 42, 42);
    exporter.processStarted(t, null, ns("1795658720.000001"));
    exporter.event(t, Events.syscall(42, "1795658720.000002", "getpid", "", Events.ok(42), 1000));
    ExportResult first = exporter.shutdown();
    assertThat(exporter.shutdown()).isSameAs(first);
    exporter.close();
    assertThat(first.spansExported()).isEqualTo(1);
    assertThat(receiver.spans()).extracting(Span::getName).containsExactly("pid 42"); // the root: no exec, no comm
  }

  /** The replay written as OTLP JSON Lines, where each span and record is still under its own resource. */
  private static OtlpJsonFile replayToFile(OtelOptions options) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    OtelExporter exporter = OtelExporter.toJsonLines(options, out, "test.jsonl");
    new BuildScenario().replay(exporter);
    assertThat(exporter.shutdown().success()).isTrue();
    return OtlpJsonFile.parse(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void eachProcessIsAServiceNamedAfterItsProgramWithTheProcessAttributesOnTheResource() {
    OtlpJsonFile file = replayToFile(options().logs(true).resourceAttribute("deployment.environment.name", "ci").build());

    Map<String, String> serviceBySpan = new HashMap<>();
    file.traces().forEach(r -> r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList()
        .forEach(span -> {
          var resource = rs.getResource().getAttributesList();
          // the resource says which process: the span's own process.* (kept on the span too)
          assertThat(longAttribute(resource, "process.pid")).isEqualTo(longAttribute(span.getAttributesList(), "process.pid"));
          assertThat(stringAttribute(resource, "process.executable.path"))
              .isEqualTo(stringAttribute(span.getAttributesList(), "process.executable.path"));
          assertThat(stringAttribute(resource, "deployment.environment.name")).isEqualTo("ci");
          serviceBySpan.put(span.getName() + "@" + longAttribute(span.getAttributesList(), "process.pid"),
              stringAttribute(resource, "service.name"));
        }))));
    assertThat(serviceBySpan).containsOnly(
        Map.entry("bash@19663", "bash"), Map.entry("sh@19664", "sh"), Map.entry("bash@19665", "bash"),
        Map.entry("true@20483", "true"), Map.entry("env@19668", "env"), Map.entry("true@19668", "true"));
    // A log record is under its process's resource, with the OTLP event name.
    file.logs().forEach(r -> r.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl -> sl.getLogRecordsList()
        .forEach(log -> {
          assertThat(longAttribute(rl.getResource().getAttributesList(), "process.pid"))
              .isEqualTo(longAttribute(log.getAttributesList(), "process.pid"));
          String event = stringAttribute(log.getAttributesList(), "systrument.event");
          assertThat(log.getEventName()).isEqualTo("systrument." + event);
          assertThat(stringAttribute(log.getAttributesList(), "event.name")).isEqualTo(log.getEventName());
        }))));
    assertThat(file.logRecords()).extracting(LogRecord::getEventName)
        .contains("systrument.syscall", "systrument.signal", "systrument.exit", "systrument.killed");
  }

  @Test
  void aServiceNameGivenMakesOneServiceOfEverything() {
    OtlpJsonFile file = replayToFile(options().logs(true).serviceName("ci-build").build());

    List<io.opentelemetry.proto.resource.v1.Resource> resources = new java.util.ArrayList<>();
    file.traces().forEach(r -> r.getResourceSpansList().forEach(rs -> resources.add(rs.getResource())));
    file.logs().forEach(r -> r.getResourceLogsList().forEach(rl -> resources.add(rl.getResource())));
    assertThat(resources).isNotEmpty()
        .allSatisfy(r -> assertThat(stringAttribute(r.getAttributesList(), "service.name")).isEqualTo("ci-build"));
  }

  @Test
  void aProcessWhoseExecsAllFailedIsAnError() {
    // sh's PATH search finds nothing: execve ENOENT twice, and the log ends before the child's exit
    // 127 (which would be an error of its own).
    OtelExporter exporter = OtelExporter.create(options().build());
    Task sh = new Task(1, 1, 800, 800);
    Task child = new Task(2, 2, 801, 801);
    var shExec = Events.execve(800, "1795658725.000000", "/bin/sh", List.of("sh", "-c", "nosuch"), List.of(), Events.ok(0));
    exporter.processStarted(sh, null, shExec.timestampNs());
    exporter.exec(sh, Events.image(shExec, "/bin/sh", List.of("sh", "-c", "nosuch"), List.of()));
    exporter.event(sh, shExec);
    var clone = Events.syscall(800, "1795658725.000100", "clone", BuildScenario.CLONE_ARGS, Events.ok(801), 1000);
    exporter.processStarted(child, new Spawn(sh, 1, 800, clone), clone.timestampNs());
    exporter.event(sh, clone);
    for (String dir : List.of("/usr/bin", "/bin")) {
      var failed = Events.execve(801, "1795658725.000200", dir + "/nosuch", List.of("nosuch"), List.of(), Events.enoent());
      exporter.execFailed(child, Events.attempt(failed, dir + "/nosuch"));
      exporter.event(child, failed);
    }
    exporter.finished(new dev.systrument.model.process.ProcessTree(List.of()));
    assertThat(exporter.shutdown().success()).isTrue();

    Span failed = span(801, "sh"); // still the image it inherited
    assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(failed.getStatus().getMessage()).isEqualTo("exec failed: /bin/nosuch ENOENT");
  }

  @Test
  void severalRootProcessesAreGroupedUnderASyntheticRoot() {
    // Two processes whose spawns are not in the log (strace -p 1 -p 2, or -ff pieces).
    OtelExporter exporter = OtelExporter.create(options().logs(true).build());
    Task a = new Task(1, 1, 500, 500);
    Task b = new Task(2, 2, 600, 600);
    var readA = Events.syscall(500, "1795658725.000000", "read", "0, \"\", 1", Events.ok(0), 1000);
    var readB = Events.syscall(600, "1795658725.000500", "read", "0, \"\", 1", Events.ok(0), 1000);
    exporter.processStarted(a, null, readA.timestampNs());
    exporter.event(a, readA);
    exporter.processStarted(b, null, readB.timestampNs());
    exporter.event(b, readB);
    exporter.finished(new dev.systrument.model.process.ProcessTree(List.of()));
    assertThat(exporter.shutdown().success()).isTrue();

    Span root = rootSpan();
    assertThat(root.getName()).isEqualTo("processes");
    assertThat(longAttribute(root.getAttributesList(), "systrument.process_count")).isEqualTo(2);
    assertThat(span(500, "pid 500").getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(span(600, "pid 600").getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(root.getStartTimeUnixNano()).isEqualTo(readA.timestampNs());
    assertThat(root.getEndTimeUnixNano()).isEqualTo(readB.timestampNs() + 1000);
  }

  @Test
  void aReExecOfTheRootProcessIsItsChildSoTheRootStaysOneSpan() {
    // sh -c "exec make": the root process runs sh, then make.
    OtelExporter exporter = OtelExporter.create(options().build());
    Task t = new Task(1, 1, 700, 700);
    var sh = Events.execve(700, "1795658725.000000", "/bin/sh", List.of("sh", "-c", "exec make"), List.of(), Events.ok(0));
    var make = Events.execve(700, "1795658725.001000", "/usr/bin/make", List.of("make"), List.of(), Events.ok(0));
    exporter.processStarted(t, null, sh.timestampNs());
    exporter.exec(t, Events.image(sh, "/bin/sh", List.of("sh", "-c", "exec make"), List.of()));
    exporter.event(t, sh);
    exporter.exec(t, Events.image(make, "/usr/bin/make", List.of("make"), List.of()));
    exporter.event(t, make);
    TraceEvent exit = Events.exited(700, "1795658725.002000", 0);
    exporter.event(t, exit);
    exporter.processEnded(t, new ExitStatus.Exited(0), exit.timestampNs());
    exporter.finished(new dev.systrument.model.process.ProcessTree(List.of()));
    assertThat(exporter.shutdown().success()).isTrue();

    Span root = rootSpan();
    assertThat(root.getName()).isEqualTo("sh");
    assertThat(span(700, "make").getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(root.getEndTimeUnixNano()).isEqualTo(exit.timestampNs()); // covers the log
  }
}
