package dev.systrument.cli;

import static dev.systrument.otel.OtlpReceiver.hex;
import static dev.systrument.otel.OtlpReceiver.longAttribute;
import static dev.systrument.otel.OtlpReceiver.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtlpJsonFile;
import dev.systrument.otel.OtlpReceiver;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #5 through the CLI: {@code strace2otel FILE --endpoint URL --logs} to an OTLP/HTTP receiver
 * in this JVM that decodes the real request bodies with the official proto classes. Spans, parents
 * and log records are checked against the truth file and against the log's own lines (timestamps
 * are read from the strace text here, not from our parser). The mapping is docs/otel.md; receivers
 * that misbehave are {@link OtelFaultsTest}.
 */
class OtelCorpusTest {
  /** {@code 19663 1795658720.345165 execve("/usr/bin/bash", [...], [...]) = 0 <0.000341>} */
  private static final Pattern EXEC_LINE = Pattern.compile("^(\\d+) (\\d+)\\.(\\d{6}) execve\\(\"([^\"]*)\".*\\) = 0 <[0-9.]+>$");
  /** {@code 19664 1795658720.356742 +++ exited with 3 +++} */
  private static final Pattern EXIT_LINE = Pattern.compile("^(\\d+) (\\d+)\\.(\\d{6}) \\+\\+\\+ (exited|killed) .*\\+\\+\\+$");
  /** Any B-format line: pid and unix.us timestamp. */
  private static final Pattern TIMED_LINE = Pattern.compile("^(\\d+) (\\d+)\\.(\\d{6}) ");

  @TempDir Path tmp;
  OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  /**
   * w02: nested exit (sh exits 3: ERROR status); w07: a parallel build (vfork, clone3, failed
   * execs of `as` along PATH); w05a: one process with four threads; w11: python's vfork spawn
   * with three failed execs before /usr/bin/true.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "w02-nested-exit.B-record.strace", "w07-build.B-record.strace", "w05a-pythreads.B-record.strace",
      "w11-pyspawn.B-record.strace"})
  void spansAndLogsMatchTheTruthAndTheLog(String name) throws IOException {
    Path log = Corpus.log(name);
    Corpus.Truth truth = Corpus.truth(log);
    List<String> lines = Files.readAllLines(log);

    CliRun run = CliRun.run(tmp, "strace2otel", log.toString(), "--endpoint", receiver.baseUrl(), "--logs");

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<Span> spans = receiver.spans();
    List<LogRecord> logs = receiver.logs();
    long events = truth.syscallRecords() + truth.lineKind("signal") + truth.lineKind("exit");
    assertThat(run.err()).contains("OTLP traces to " + receiver.baseUrl() + "/v1/traces, logs to " + receiver.baseUrl() + "/v1/logs: "
        + Count.of(spans.size(), "span") + " exported, 0 failed; " + Count.of(events, "log record") + " exported, 0 failed");

    // One trace; one span per successful exec, one per process that never exec'd; the root
    // process's span is the root (these logs have one).
    assertThat(spans).extracting(s -> hex(s.getTraceId())).containsOnly(hex(spans.get(0).getTraceId()));
    assertThat(spans).extracting(s -> hex(s.getSpanId())).doesNotHaveDuplicates();
    long neverExeced = truth.processes().stream().filter(pid -> !truth.execve().containsKey(pid.toString())).count();
    assertThat(spans).hasSize(truth.successfulExecCount() + (int) neverExeced + syntheticRoots(truth));
    List<Span> roots = spans.stream().filter(s -> s.getParentSpanId().isEmpty()).toList();
    assertThat(roots).as("root span").hasSize(1);
    Span root = roots.get(0);
    assertThat(longAttribute(root.getAttributesList(), "systrument.process_count")).isEqualTo(truth.processes().size());
    assertThat(root.getName()).as("the root is the command run, named after its program").doesNotContain(" ", "/");

    Map<Long, List<Span>> spansByPid = new HashMap<>();
    Map<String, Span> spansById = new HashMap<>();
    for (Span s : spans) {
      spansById.put(hex(s.getSpanId()), s);
      Long spanPid = longAttribute(s.getAttributesList(), "process.pid");
      if (spanPid != null) {
        spansByPid.computeIfAbsent(spanPid, k -> new ArrayList<>()).add(s);
      }
    }
    // The end of each process's last record (a syscall's start plus its duration).
    Map<Long, Long> lastRecordEnd = new HashMap<>();
    for (LogRecord r : logs) {
      Long duration = longAttribute(r.getAttributesList(), "systrument.syscall.duration_ns");
      lastRecordEnd.merge(longAttribute(r.getAttributesList(), "process.pid"),
          r.getTimeUnixNano() + (duration == null ? 0 : duration), Math::max);
    }
    long logEnd = lastRecordEnd.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(spansByPid.keySet()).containsExactlyInAnyOrderElementsOf(truth.processes());

    // Exec spans: named after the program, starting at the execve line's timestamp.
    Map<Long, List<Long>> execTimes = new HashMap<>();
    Map<Long, List<String>> execPaths = new HashMap<>();
    Map<Long, Long> lastExitTime = new HashMap<>();
    Map<String, Long> threadGroup = truth.threadGroup();
    for (String line : lines) {
      Matcher exec = EXEC_LINE.matcher(line);
      if (exec.matches()) {
        long pid = leader(threadGroup, Long.parseLong(exec.group(1)));
        execTimes.computeIfAbsent(pid, k -> new ArrayList<>()).add(nanos(exec.group(2), exec.group(3)));
        execPaths.computeIfAbsent(pid, k -> new ArrayList<>()).add(exec.group(4));
      }
      Matcher exit = EXIT_LINE.matcher(line);
      if (exit.matches()) {
        lastExitTime.merge(leader(threadGroup, Long.parseLong(exit.group(1))), nanos(exit.group(2), exit.group(3)), Math::max);
      }
    }
    assertThat(execTimes.values().stream().mapToInt(List::size).sum()).as("exec lines found").isEqualTo(truth.successfulExecCount());

    for (long pid : truth.processes()) {
      List<Span> own = new ArrayList<>(spansByPid.get(pid));
      own.sort(Comparator.comparingLong(Span::getStartTimeUnixNano));
      if (execTimes.containsKey(pid)) {
        // The first span starts with the process (before its exec), each further one at its exec.
        List<Long> execs = execTimes.get(pid);
        assertThat(own.get(0).getStartTimeUnixNano()).as("first span start of %d", pid).isLessThanOrEqualTo(execs.get(0));
        assertThat(own.subList(1, own.size())).extracting(Span::getStartTimeUnixNano).as("exec span starts of %d", pid)
            .containsExactlyElementsOf(execs.subList(1, execs.size()));
        assertThat(own).extracting(Span::getName).as("exec span names of %d", pid)
            .containsExactlyElementsOf(execPaths.get(pid).stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList());
        assertThat(own).extracting(s -> stringAttribute(s.getAttributesList(), "process.executable.path"))
            .containsExactlyElementsOf(execPaths.get(pid));
      } else {
        assertThat(own).hasSize(1);
        assertThat(OtlpReceiver.booleanAttribute(own.get(0).getAttributesList(), "systrument.inherited_image")).isTrue();
      }
      Span last = own.get(own.size() - 1);
      // A span covers every record of its process, the root every line of the log.
      long expectedEnd = Math.max(lastExitTime.get(pid), lastRecordEnd.getOrDefault(pid, Long.MIN_VALUE));
      if (own.get(0) == root) {
        assertThat(root.getEndTimeUnixNano()).as("end of the root %d", pid).isEqualTo(Math.max(expectedEnd, logEnd));
      } else {
        assertThat(last.getEndTimeUnixNano()).as("end of %d = its last +++ line or record", pid).isEqualTo(expectedEnd);
      }

      // Parents: process.parent_pid and the parent span both say what the truth's process tree says.
      Long parent = truthParent(truth, pid);
      for (Span s : own) {
        assertThat(longAttribute(s.getAttributesList(), "process.parent_pid")).as("parent_pid of %d", pid).isEqualTo(parent);
        Span parentSpan = spansById.get(hex(s.getParentSpanId()));
        if (parent == null) {
          assertThat(s == root || parentSpan == root).as("%s (%d) is the root or under it", s.getName(), pid).isTrue();
          continue;
        }
        assertThat(parentSpan).as("parent span of %s (%d)", s.getName(), pid).isNotNull();
        assertThat(longAttribute(parentSpan.getAttributesList(), "process.pid")).as("pid of the parent span of %d", pid).isEqualTo(parent);
      }

      // Exit status on the last span: 0 is UNSET, non-zero is ERROR with error.type.
      long code = (Long) truth.exit().get(Long.toString(pid)).get("exited");
      assertThat(longAttribute(last.getAttributesList(), "process.exit.code")).isEqualTo(code);
      if (code == 0) {
        assertThat(last.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
      } else {
        assertThat(last.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(last.getStatus().getMessage()).isEqualTo("exit " + code);
        assertThat(stringAttribute(last.getAttributesList(), "error.type")).isEqualTo(Long.toString(code));
      }

      // Failed execs (PATH search) are span events of the process.
      int failed = truth.execveFailed().getOrDefault(Long.toString(pid), List.of()).size();
      assertThat(own.stream().flatMap(s -> s.getEventsList().stream()).filter(e -> e.getName().equals("exec failed")).count())
          .as("exec failed events of %d", pid).isEqualTo(failed);
    }

    // Threads are counted on the image they started under.
    for (String leader : Set.copyOf(threadGroup.values().stream().map(String::valueOf).toList())) {
      long threads = threadGroup.values().stream().filter(l -> l.toString().equals(leader)).count();
      assertThat(spansByPid.get(Long.parseLong(leader))).extracting(s -> longAttribute(s.getAttributesList(), "systrument.thread_count"))
          .contains(1 + threads);
    }

    // Log records: one per event, each once, at its line's timestamp, on a span of its process.
    assertThat(logs).hasSize((int) events);
    Set<Long> seenLines = new HashSet<>();
    for (LogRecord record : logs) {
      long lineNo = longAttribute(record.getAttributesList(), "systrument.source.line");
      assertThat(seenLines.add(lineNo)).as("line %d sent once", lineNo).isTrue();
      Matcher m = TIMED_LINE.matcher(lines.get((int) lineNo - 1));
      assertThat(m.find()).isTrue();
      assertThat(record.getTimeUnixNano()).as("time of line %d", lineNo).isEqualTo(nanos(m.group(2), m.group(3)));
      long pid = longAttribute(record.getAttributesList(), "process.pid");
      assertThat(longAttribute(record.getAttributesList(), "thread.id")).isEqualTo(Long.parseLong(m.group(1)));
      assertThat(leader(threadGroup, Long.parseLong(m.group(1)))).isEqualTo(pid);
      assertThat(hex(record.getTraceId())).isEqualTo(hex(root.getTraceId()));
      Span span = spansById.get(hex(record.getSpanId()));
      assertThat(span).as("span of log line %d", lineNo).isNotNull();
      assertThat(longAttribute(span.getAttributesList(), "process.pid")).as("span of log line %d", lineNo).isEqualTo(pid);
    }
  }

  /** Every corpus log, over both protocols and into an OTLP JSON Lines file ({@code --output}). */
  static Stream<Arguments> corpusOverEveryTransport() {
    return CorpusTruthTest.corpus().flatMap(a -> Stream.of("http/protobuf", "grpc", "file")
        .map(transport -> Arguments.of(a.get()[0], a.get()[1], transport)));
  }

  /**
   * Every format, every workload, both protocols and the file: the whole tree arrives, each record
   * once, nothing lost. The file is read back with protobuf's JSON mapping ({@link OtlpJsonFile}).
   */
  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("corpusOverEveryTransport")
  void everyCorpusLogArrivesCompleteAndOnce(String name, Path log, String transport) throws IOException {
    Corpus.Truth truth = Corpus.truth(log);
    if (transport.equals("grpc")) {
      receiver.close();
      receiver = OtlpReceiver.startGrpc();
    }
    Path file = tmp.resolve("out.otlp.jsonl");

    CliRun run = transport.equals("file")
        ? CliRun.run(tmp, "strace2otel", log.toString(), "--logs", "--output", file.toString())
        : CliRun.run(tmp, "strace2otel", log.toString(), "--endpoint", receiver.baseUrl(), "--logs", "--protocol", transport);

    assertThat(run.exitCode()).as("%s", run).isZero();
    OtlpJsonFile written = transport.equals("file") ? OtlpJsonFile.parse(Files.readString(file)) : null;
    List<Span> spans = written != null ? written.spans() : receiver.spans();
    List<LogRecord> logs = written != null ? written.logRecords() : receiver.logs();
    long neverExeced = truth.processes().stream().filter(pid -> !truth.execve().containsKey(pid.toString())).count();
    assertThat(spans).hasSize(truth.successfulExecCount() + (int) neverExeced + syntheticRoots(truth))
        .extracting(s -> hex(s.getSpanId())).doesNotHaveDuplicates();
    Map<String, Span> byId = new HashMap<>();
    spans.forEach(s -> byId.put(hex(s.getSpanId()), s));
    List<Span> roots = spans.stream().filter(s -> s.getParentSpanId().isEmpty()).toList();
    assertThat(roots).as("one root").hasSize(1);
    Span root = roots.get(0);
    for (Span s : spans) {
      // Every span inside the root; every record inside its span.
      assertThat(s.getStartTimeUnixNano()).isGreaterThanOrEqualTo(root.getStartTimeUnixNano());
      assertThat(s.getEndTimeUnixNano()).as("end of %s", s.getName()).isLessThanOrEqualTo(root.getEndTimeUnixNano());
      Long pid = longAttribute(s.getAttributesList(), "process.pid");
      if (pid == null) {
        continue; // a synthetic root
      }
      Long parent = truthParent(truth, pid);
      if (parent == null) {
        continue; // the root process: the root, or under the synthetic root
      }
      assertThat(longAttribute(s.getAttributesList(), "process.parent_pid")).as("parent_pid of %d", pid).isEqualTo(parent);
      Span parentSpan = byId.get(hex(s.getParentSpanId()));
      assertThat(longAttribute(parentSpan.getAttributesList(), "process.pid")).as("parent span of %d", pid).isEqualTo(parent);
    }
    // One log record per event: syscall records, signals, exits and strace's own messages, those
    // glued into a record's line and those on a line of their own.
    long events = truth.syscallRecords() + truth.lineKind("signal") + truth.lineKind("exit")
        + truth.lineKind("strace_message_embedded") + truth.lineKind("strace_message");
    for (LogRecord r : logs) {
      Span span = byId.get(hex(r.getSpanId()));
      assertThat(span).as("span of a record").isNotNull();
      Long duration = longAttribute(r.getAttributesList(), "systrument.syscall.duration_ns");
      assertThat(r.getTimeUnixNano()).as("%s within %s", r.getBody().getStringValue(), span.getName())
          .isBetween(span.getStartTimeUnixNano(), span.getEndTimeUnixNano());
      assertThat(r.getTimeUnixNano() + (duration == null ? 0 : duration)).as("end of %s within %s", r.getBody().getStringValue(),
          span.getName()).isLessThanOrEqualTo(span.getEndTimeUnixNano());
    }
    assertThat(logs).hasSize((int) events)
        // (an -ff log has one file per task: its lines are told apart by the thread id)
        .extracting(r -> longAttribute(r.getAttributesList(), "systrument.source.line") + "@"
            + longAttribute(r.getAttributesList(), "thread.id"))
        .doesNotHaveDuplicates();
  }

  @Test
  void configurationComesFromTheEnvironmentAndFlagsOverrideIt() throws IOException {
    Map<String, String> env = new HashMap<>(CliRun.quietEnvironment());
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl());
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-team=build,x-override=from-env");
    env.put("OTEL_SERVICE_NAME", "ci-build");

    CliRun run = CliRun.run(tmp, env, java.io.InputStream.nullInputStream(), "strace2otel",
        Corpus.log("w02-nested-exit.B-record.strace").toString(), "--header", "x-override=from-flag");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(receiver.spans()).hasSize(3); // one per exec image, the root process's being the root
    OtlpReceiver.Request request = receiver.requests().get(0);
    assertThat(request.headers().get("X-team")).containsExactly("build");
    assertThat(request.headers().get("X-override")).containsExactly("from-flag");
    assertThat(receiver.resources()).allMatch(r -> "ci-build".equals(stringAttribute(r.getAttributesList(), "service.name")));
  }

  @Test
  void relativeToNowShiftsTheLogToNowAndKeepsDurations() throws IOException {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    CliRun asRecorded = CliRun.run(tmp, "strace2otel", log.toString(), "--endpoint", receiver.baseUrl());
    List<Span> recorded = receiver.spans();
    try (OtlpReceiver shiftedReceiver = OtlpReceiver.start()) {
      long before = System.currentTimeMillis() * 1_000_000L;
      CliRun shifted = CliRun.run(tmp, "strace2otel", log.toString(), "--endpoint", shiftedReceiver.baseUrl(), "--relative-to-now");
      long after = System.currentTimeMillis() * 1_000_000L;

      assertThat(asRecorded.exitCode()).isZero();
      assertThat(shifted.exitCode()).isZero();
      Map<String, Span> byName = new HashMap<>();
      recorded.forEach(s -> byName.put(s.getName() + longAttribute(s.getAttributesList(), "process.pid"), s));
      long firstRecorded = recorded.stream().mapToLong(Span::getStartTimeUnixNano).min().orElseThrow();
      long firstShifted = shiftedReceiver.spans().stream().mapToLong(Span::getStartTimeUnixNano).min().orElseThrow();
      assertThat(firstShifted).isBetween(before, after);
      for (Span s : shiftedReceiver.spans()) {
        Span original = byName.get(s.getName() + longAttribute(s.getAttributesList(), "process.pid"));
        assertThat(s.getStartTimeUnixNano() - firstShifted).isEqualTo(original.getStartTimeUnixNano() - firstRecorded);
        assertThat(s.getEndTimeUnixNano() - s.getStartTimeUnixNano())
            .isEqualTo(original.getEndTimeUnixNano() - original.getStartTimeUnixNano());
      }
    }
  }

  @Test
  void aLogWithoutWallClockTimesStartsNowInsteadOf1970() {
    long before = System.currentTimeMillis() * 1_000_000L;
    CliRun run = CliRun.run(tmp, "strace2otel", Corpus.log("w02-nested-exit.E-plain.strace").toString(),
        "--endpoint", receiver.baseUrl(), "--logs");
    long after = System.currentTimeMillis() * 1_000_000L;

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).contains("no wall-clock times");
    List<Span> spans = receiver.spans();
    assertThat(spans).hasSize(3);
    long first = spans.stream().mapToLong(Span::getStartTimeUnixNano).min().orElseThrow();
    assertThat(first).isBetween(before, after);
    // The reader's synthetic clock (1 µs per record) keeps the order: the root covers everything.
    Span root = spans.stream().filter(s -> s.getParentSpanId().isEmpty()).findFirst().orElseThrow();
    assertThat(spans).allMatch(s -> s.getStartTimeUnixNano() >= root.getStartTimeUnixNano()
        && s.getEndTimeUnixNano() <= root.getEndTimeUnixNano());
    assertThat(receiver.logs()).allMatch(r -> r.getTimeUnixNano() >= before);
  }

  @Test
  void missingInputSendsNothing() {
    CliRun run = CliRun.run(tmp, "strace2otel", "nope.strace", "--endpoint", receiver.baseUrl(), "--logs");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("no such file: nope.strace");
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void outputWritesAFileAndSaysWhere() throws IOException {
    Path file = tmp.resolve("build.otlp.jsonl");

    CliRun run = CliRun.run(tmp, "strace2otel", Corpus.log("w02-nested-exit.B-record.strace").toString(), "--logs",
        "--output", "build.otlp.jsonl");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).contains("OTLP JSON Lines build.otlp.jsonl: 3 spans exported, 0 failed; 105 log records exported, 0 failed");
    OtlpJsonFile written = OtlpJsonFile.parse(Files.readString(file));
    assertThat(written.spans()).hasSize(3);
    assertThat(written.logRecords()).hasSize(105);
    assertThat(receiver.requests()).isEmpty(); // a file instead of the network
    try (var dir = Files.list(tmp)) {
      assertThat(dir.map(p -> p.getFileName().toString())).containsExactly("build.otlp.jsonl"); // no temporary left
    }
  }

  /** /dev/full: every write fails with ENOSPC, as on a full disk. */
  @Test
  void outputThatCannotBeWrittenFailsClearly() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full here");

    CliRun run = CliRun.run(tmp, "strace2otel", Corpus.log("w02-nested-exit.B-record.strace").toString(), "--logs",
        "--output", "/dev/full");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.err()).containsPattern("systrument strace2otel: OTLP export failed \\(JSON Lines /dev/full"
        + " not written\\): 0 spans exported, 3 failed; 0 log records exported, 105 failed; cannot export"
        + " (spans|log records) to /dev/full: write failed: No space left on device");
  }

  @Test
  void httpJsonIsRefusedBeforeReading() {
    CliRun run = CliRun.run(tmp, "strace2otel", Corpus.log("w02-nested-exit.B-record.strace").toString(),
        "--endpoint", receiver.baseUrl(), "--protocol", "http/json");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("http/json is not supported");
    assertThat(receiver.requests()).isEmpty();
  }

  /**
   * The developer's shell set up for a gRPC collector: the protocol and endpoint from the
   * environment, headers too, and the success line names where each signal went.
   */
  @Test
  void grpcFromTheEnvironmentReachesAGrpcReceiver() throws IOException {
    receiver.close();
    receiver = OtlpReceiver.startGrpc();
    Map<String, String> env = new HashMap<>(CliRun.quietEnvironment());
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-team=build");

    CliRun run = CliRun.run(tmp, env, java.io.InputStream.nullInputStream(), "strace2otel",
        Corpus.log("w02-nested-exit.B-record.strace").toString(), "--logs");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(receiver.spans()).hasSize(3); // one per exec image, the root process's being the root
    assertThat(receiver.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.headers().get("x-team")).containsExactly("build"));
    assertThat(run.err()).contains("OTLP traces to " + receiver.baseUrl() + " (grpc), logs to " + receiver.baseUrl()
        + " (grpc): 3 spans exported, 0 failed;");
  }

  @Test
  void traceparentInTheEnvironmentBecomesTheRootsParent() throws IOException {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    String parentSpanId = "b7ad6b7169203331";
    Map<String, String> env = new HashMap<>(CliRun.quietEnvironment());
    env.put("TRACEPARENT", "00-" + traceId + "-" + parentSpanId + "-01");

    CliRun run = CliRun.run(tmp, env, java.io.InputStream.nullInputStream(), "strace2otel",
        Corpus.log("w02-nested-exit.B-record.strace").toString(), "--endpoint", receiver.baseUrl());

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<Span> spans = receiver.spans();
    assertThat(spans).hasSize(3).extracting(s -> hex(s.getTraceId())).containsOnly(traceId);
    List<Span> roots = spans.stream().filter(s -> spans.stream().noneMatch(p -> p.getSpanId().equals(s.getParentSpanId()))).toList();
    assertThat(roots).hasSize(1);
    assertThat(hex(roots.get(0).getParentSpanId())).isEqualTo(parentSpanId);
    assertThat(spans).filteredOn(s -> s != roots.get(0)).extracting(s -> hex(s.getParentSpanId())).doesNotContain(parentSpanId);
  }

  private static long nanos(String seconds, String micros) {
    return Long.parseLong(seconds) * 1_000_000_000L + Long.parseLong(micros) * 1_000L;
  }

  private static long leader(Map<String, Long> threadGroup, long tid) {
    return threadGroup.getOrDefault(Long.toString(tid), tid);
  }

  /** 1 when the log has several root processes (grouped under a synthetic root), else 0. */
  private static int syntheticRoots(Corpus.Truth truth) {
    return truth.processes().stream().filter(pid -> truthParent(truth, pid) == null).count() > 1 ? 1 : 0;
  }

  private static Long truthParent(Corpus.Truth truth, long pid) {
    for (Map.Entry<String, List<Long>> e : truth.processTree().entrySet()) {
      if (e.getValue().contains(pid)) {
        return Long.parseLong(e.getKey());
      }
    }
    return null;
  }

}
