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

  private Span rootSpan() {
    List<Span> roots = receiver.spans().stream()
        .filter(s -> longAttribute(s.getAttributesList(), "process.pid") == null)
        .toList();
    assertThat(roots).hasSize(1);
    return roots.get(0);
  }

  @Test
  void oneSpanPerExecImagePlusOneForTheSubshellAndTheRoot() {
    replay(options().build());

    assertThat(receiver.spans()).extracting(Span::getName).containsExactlyInAnyOrder(
        "bash -c sh -c \"exit 3\"; (true) ; env true", // root: the sole root process's command line
        "bash", "sh", "bash", "true", "env", "true");
    assertThat(receiver.spans()).extracting(s -> hex(s.getSpanId())).doesNotHaveDuplicates();
    assertThat(receiver.spans()).extracting(s -> hex(s.getTraceId())).containsOnly(hex(rootSpan().getTraceId()));
  }

  @Test
  void parentIsTheSpawnersCurrentSpanAndTheRootSpanCoversTheLog() {
    replay(options().build());
    Span root = rootSpan();
    Span bash = span(19663, "bash");
    Span subshell = span(19665, "bash");
    Span env = span(19668, "env");
    Span envTrue = span(19668, "true");

    assertThat(root.getParentSpanId().isEmpty()).isTrue();
    assertThat(root.getStartTimeUnixNano()).isEqualTo(BuildScenario.first());
    assertThat(root.getEndTimeUnixNano()).isEqualTo(BuildScenario.last());
    assertThat(longAttribute(root.getAttributesList(), "systrument.process_count")).isEqualTo(5);
    assertThat(bash.getParentSpanId()).isEqualTo(root.getSpanId());
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

    Span sh = span(19664, "sh");
    assertThat(sh.getStartTimeUnixNano()).isEqualTo(build.shExec.timestampNs());
    assertThat(sh.getEndTimeUnixNano()).isEqualTo(ns("1795658720.366509"));
    Span env = span(19668, "env");
    assertThat(env.getStartTimeUnixNano()).isEqualTo(build.envExec.timestampNs());
    assertThat(env.getEndTimeUnixNano()).isEqualTo(build.envTrueExec.timestampNs());
    Span envTrue = span(19668, "true");
    assertThat(envTrue.getStartTimeUnixNano()).isEqualTo(build.envTrueExec.timestampNs());
    assertThat(envTrue.getEndTimeUnixNano()).isEqualTo(ns("1795658720.371200"));
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
    assertThat(rootSpan().getName()).isEqualTo("curl -u me:<redacted> --token <redacted> https://ci:<redacted>@example.com/x");
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
    assertThat(sh.getStartTimeUnixNano()).isEqualTo(build.shExec.timestampNs() + shift);
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
    // With the child re-attached there is one root process again: the root span has its command line.
    assertThat(rootSpan().getName()).isEqualTo("bash -c ls | wc");
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
    assertThat(first.spansExported()).isEqualTo(2);
    assertThat(receiver.spans()).extracting(Span::getName).containsExactlyInAnyOrder("processes", "pid 42");
  }

  @Test
  void rootSpanNameIsTheCommandLineOnOneLineAndShort() {
    // w05a-pythreads: python3 -c with a multi-line script; the name keeps strace's \n escapes.
    List<String> argv = List.of("python3", "-c", "import threading\ndef work(i):\n\tpass", "x".repeat(300));
    OtelExporter exporter = OtelExporter.create(options().build());
    Task t = new Task(1, 1, 20100, 20100);
    var exec = Events.execve(20100, "1795658725.000000", "/usr/bin/python3", argv, List.of(), Events.ok(0));
    exporter.processStarted(t, null, exec.timestampNs());
    exporter.exec(t, Events.image(exec, "/usr/bin/python3", argv, List.of()));
    exporter.event(t, exec);
    assertThat(exporter.shutdown().success()).isTrue();

    String name = rootSpan().getName();
    assertThat(name).startsWith("python3 -c import threading\\ndef work(i):\\n\\tpass xxx").doesNotContain("\n")
        .hasSize(256).endsWith("x...");
  }
}
