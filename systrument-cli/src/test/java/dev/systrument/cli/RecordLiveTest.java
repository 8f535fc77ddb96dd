package dev.systrument.cli;

import dev.systrument.parser.Json;

import static dev.systrument.otel.OtlpReceiver.stringArrayAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.systrument.otel.OtlpReceiver;
import dev.systrument.perfetto.DecodedTrace;
import dev.systrument.perfetto.PftraceValidator;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #6, live: {@code record} runs real commands under the installed strace, in-process. The
 * traced commands inherit this JVM's stdin/stdout/stderr, so they are chosen to read nothing and
 * print nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordLiveTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsStrace() {
    LiveStrace.assumeUsable();
  }

  @Test
  void exitCodeIsTheCommandsAndTheDefaultOutputIsNamedAfterIt() throws Exception {
    CliRun run = CliRun.run(tmp, "record", "--", "sh", "-c", "exit 3");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    try (Stream<Path> files = Files.list(tmp)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).singleElement().asString().matches("sh-\\d{8}-\\d{6}\\.pftrace");
      assertThat(run.err()).contains("wrote " + names.get(0)).contains("ui.perfetto.dev");
      PftraceValidator.assertStrictlyValid(tmp.resolve(names.get(0)));
    }
  }

  @Test
  void killedBySignalExitsWith128PlusTheSignal() throws Exception {
    CliRun run = CliRun.run(tmp, "record", "--output-perfetto", "kill.pftrace", "--", "sh", "-c", "kill -TERM $$");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(128 + 15);
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("kill.pftrace")));
    assertThat(trace.slicesInCategory("exit")).extracting(s -> s.args.get("signal")).containsExactly("SIGTERM");
  }

  @Test
  void perfettoAndRawOutputsFromOneRunAgreeWithTheCommandsRun() throws Exception {
    CliRun run = CliRun.run(tmp, "record", "--output-perfetto", "pipe.pftrace", "-o", "raw.strace", "--",
        "sh", "-c", "echo hi | cat >/dev/null; ls / >/dev/null");

    assertThat(run.exitCode()).as("%s", run).isZero();
    PftraceValidator.assertStrictlyValid(tmp.resolve("pipe.pftrace"));

    // The raw file is strace's own output and reads back with zero problems.
    CliRun check = CliRun.run(tmp, "check", "raw.strace");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err()).contains("; 0 problems");

    // Its tree is the commands run: sh, a forked subshell for the builtin echo, cat and ls.
    Map<String, Object> tree = Json.parseObject(CliRun.run(tmp, "tree", "--json", "raw.strace").out());
    List<Map<String, Object>> processes = CorpusTruthTest.listOfObjects(tree.get("processes"));
    Map<String, Object> sh = processes.get(0);
    assertThat(sh.get("parentPid")).isNull();
    assertThat(argvs(sh)).containsExactly(List.of("sh", "-c", "echo hi | cat >/dev/null; ls / >/dev/null"));
    assertThat(processes.subList(1, processes.size()))
        .allMatch(p -> p.get("parentPid").equals(sh.get("pid")))
        .extracting(RecordLiveTest::argvs)
        .containsExactlyInAnyOrder(List.of(), List.of(List.of("cat")), List.of(List.of("ls", "/")));

    // The Perfetto trace was converted while strace wrote the raw file: same processes and calls.
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("pipe.pftrace")));
    assertThat(trace.processTracks()).hasSize(processes.size());
    assertThat(trace.slicesInCategory("exec")).extracting(s -> s.name).containsExactlyInAnyOrder("sh", "cat", "ls");
    assertThat(trace.slicesInCategory("syscall")).hasSize(((Long) CorpusTruthTest.object(tree.get("summary")).get("syscalls")).intValue());
  }

  @Test
  void everySyscallOfAThreadedProgramReadsBackWithoutProblems() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "needs /usr/bin/python3 for a threaded program");
    String program = "import threading\n"
        + "ts = [threading.Thread(target=lambda: open('/etc/hostname').read()) for i in range(3)]\n"
        + "for t in ts: t.start()\n"
        + "for t in ts: t.join()\n";

    // --all: every syscall (mmap, futex, ioctl, ...) with -yy -v, the widest argument syntax.
    CliRun run = CliRun.run(tmp, "record", "--all", "-o", "all.strace", "--output-perfetto", "all.pftrace", "--",
        python.toString(), "-c", program);

    assertThat(run.exitCode()).as("%s", run).isZero();
    CliRun check = CliRun.run(tmp, "check", "all.strace"); // decodes every argument of every call
    assertThat(check.exitCode()).as("%s", check).isZero();
    Map<String, Object> tree = Json.parseObject(CliRun.run(tmp, "tree", "--json", "all.strace").out());
    Map<String, Object> process = CorpusTruthTest.listOfObjects(tree.get("processes")).get(0);
    assertThat(tree.get("processes")).asList().hasSize(1);
    assertThat((List<?>) process.get("threads")).hasSize(3);
    assertThat(argvs(process)).containsExactly(List.of(python.toString(), "-c", program));
    assertThat(process.get("exit")).isEqualTo(Map.of("code", 0L));
    PftraceValidator.assertStrictlyValid(tmp.resolve("all.pftrace"));
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("all.pftrace")));
    assertThat(trace.threadTracks()).hasSize(4);
    assertThat(trace.flows).hasSize(3);
  }

  @Test
  void theCommandsArgumentsArePassedVerbatim() throws Exception {
    // Spaces, quotes, a trailing newline and a `--` of the command's own: exactly what a shell passes.
    List<String> command = List.of("sh", "-c", "exit 0", " padded ", "\"quoted\"", "line\n", "--", "");

    CliRun run = CliRun.run(tmp, Stream.concat(
        Stream.of("record", "-o", "raw.strace", "--output-perfetto", "x.pftrace", "--"), command.stream()).toArray(String[]::new));

    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Object> tree = Json.parseObject(CliRun.run(tmp, "tree", "--json", "raw.strace").out());
    assertThat(argvs(CorpusTruthTest.listOfObjects(tree.get("processes")).get(0))).containsExactly(List.copyOf(command));
  }

  @Test
  void missingCommandExits127() {
    CliRun run = CliRun.run(tmp, "record", "--output-perfetto", "x.pftrace", "--", "no-such-command-systrument");

    assertThat(run.exitCode()).isEqualTo(127);
    assertThat(run.err()).contains("no-such-command-systrument: command not found");
    assertThat(tmp).as("no output, no temporary file").isEmptyDirectory();
  }

  @Test
  void otelSendsTheSpansOfTheRecording() throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun run = CliRun.run(tmp, "record", "--otel", "--endpoint", receiver.baseUrl(), "--", "sh", "-c", "ls / >/dev/null; true");

      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.err()).contains("0 failed");
      List<Span> spans = receiver.spans();
      assertThat(spans).extracting(Span::getName).contains("sh", "ls");
      Span ls = spans.stream().filter(s -> s.getName().equals("ls")).findFirst().orElseThrow();
      assertThat(stringArrayAttribute(ls.getAttributesList(), "process.command_args")).containsExactly("ls", "/");
      assertThat(tmp).isEmptyDirectory(); // --otel alone writes no file
    }
  }

  @Test
  void otelOutputWritesTheRecordingAsOtlpJsonLines() throws IOException {
    CliRun run = CliRun.run(tmp, "record", "--otel-output", "run.otlp.jsonl", "--logs", "--", "sh", "-c", "ls / >/dev/null; exit 3");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    assertThat(run.err()).containsPattern("OTLP JSON Lines run.otlp.jsonl: \\d+ spans exported, 0 failed; \\d+ log records"
        + " exported, 0 failed");
    dev.systrument.otel.OtlpJsonFile file = dev.systrument.otel.OtlpJsonFile.parse(
        java.nio.file.Files.readString(tmp.resolve("run.otlp.jsonl")));
    assertThat(file.spans()).extracting(Span::getName).contains("sh", "ls");
    assertThat(file.logRecords()).isNotEmpty();
    assertThat(tmp).isDirectoryContaining("glob:**/run.otlp.jsonl"); // and no .pftrace: --otel-output is an output
    try (var dir = java.nio.file.Files.list(tmp)) {
      assertThat(dir).hasSize(1);
    }
  }

  @Test
  void aFailedExportTurnsSuccessIntoProblemsButKeepsTheCommandsFailure() throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.answerNext(OtlpReceiver.TRACES, new OtlpReceiver.Answer.Status(401, Map.of(), "missing API key"));
      receiver.answerNext(OtlpReceiver.TRACES, new OtlpReceiver.Answer.Status(401, Map.of(), "missing API key"));

      CliRun ok = CliRun.run(tmp, "record", "--otel", "--endpoint", receiver.baseUrl(), "--", "true");
      CliRun failing = CliRun.run(tmp, "record", "--otel", "--endpoint", receiver.baseUrl(), "--", "sh", "-c", "exit 3");

      assertThat(ok.exitCode()).as("%s", ok).isEqualTo(ExitCode.PROBLEMS);
      assertThat(failing.exitCode()).as("%s", failing).isEqualTo(3);
      for (CliRun run : List.of(ok, failing)) {
        assertThat(run.err()).containsPattern("systrument record: OTLP export failed \\(traces to [^)]*\\): 0 spans exported, \\d+ failed; .*"
            + "/v1/traces: HTTP 401: missing API key");
      }
    }
  }

  @Test
  void rawPerfettoAndOtelFromOneRunDescribeTheSameProcesses() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun run = CliRun.run(tmp, "record", "-o", "raw.strace", "--output-perfetto", "all.pftrace", "--otel", "--logs",
          "--endpoint", receiver.baseUrl(), "--", "sh", "-c", "ls / >/dev/null; cat /etc/hostname >/dev/null");

      assertThat(run.exitCode()).as("%s", run).isZero();
      Map<String, Object> tree = Json.parseObject(CliRun.run(tmp, "tree", "--json", "raw.strace").out());
      List<Map<String, Object>> processes = CorpusTruthTest.listOfObjects(tree.get("processes"));
      long syscalls = (Long) CorpusTruthTest.object(tree.get("summary")).get("syscalls");
      DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("all.pftrace")));
      assertThat(trace.processTracks()).extracting(d -> (Object) (long) d.getProcess().getPid())
          .containsExactlyInAnyOrderElementsOf(processes.stream().map(p -> p.get("pid")).toList());
      assertThat(trace.slicesInCategory("syscall")).hasSize((int) syscalls);
      assertThat(trace.logs).as("--logs reaches Perfetto too").isNotEmpty();
      assertThat(receiver.spans()).extracting(s -> OtlpReceiver.longAttribute(s.getAttributesList(), "process.pid"))
          .filteredOn(java.util.Objects::nonNull).containsAll(processes.stream().map(p -> (Long) p.get("pid")).toList());
      assertThat(receiver.logs()).filteredOn(r -> r.getAttributesList().stream()
          .anyMatch(a -> a.getKey().equals("systrument.event") && a.getValue().getStringValue().equals("syscall")))
          .hasSize((int) syscalls);
    }
  }

  @Test
  void sigtermToTheTracedCommandEndsTheRecordingWithCompleteOutputs() throws Exception {
    CompletableFuture<CliRun> recording = CompletableFuture.supplyAsync(
        () -> CliRun.run(tmp, "record", "--output-perfetto", "sleep.pftrace", "--", "sleep", "30"));

    ProcessHandle sleep = awaitTracedSleep(ProcessHandle.current(), () -> {
      assertThat(recording).as("record ended before sleep was found").isNotDone();
      return true;
    });
    assertThat(sleep.destroy()).as("SIGTERM sent").isTrue();
    CliRun run = recording.get(30, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as("%s", run).isEqualTo(128 + 15);
    Path trace = tmp.resolve("sleep.pftrace");
    PftraceValidator.assertStrictlyValid(trace);
    DecodedTrace decoded = DecodedTrace.decode(Files.readAllBytes(trace));
    assertThat(decoded.slicesInCategory("exec")).extracting(s -> s.name).containsExactly("sleep");
    assertThat(decoded.slicesInCategory("exit")).extracting(s -> s.args.get("signal")).containsExactly("SIGTERM");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("sleep.pftrace");
    }
  }

  /**
   * A signal sent to systrument itself (a CI job cancelled, Ctrl-C without a terminal) reaches the
   * traced command, and the outputs are still finished. This needs a JVM of its own: the signal
   * goes to the whole JVM, and the test's must not receive it. By default that JVM relaunches
   * itself with JVM options (JvmLaunch), so the signal also has to cross that launcher.
   *
   * <p>When this JVM was started with SIGINT ignored (from a background job, some CI runners), its
   * children inherit that and rightly ignore SIGINT (see the next test); the SIGINT cases then
   * restore the default disposition for the systrument they start, which needs {@code env
   * --default-signal} (coreutils 8.31): a shell's {@code trap - INT} cannot undo a disposition
   * that was ignored on entry.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "SIG{0}, relaunch={2}")
  @org.junit.jupiter.params.provider.CsvSource({"TERM, 143, yes", "INT, 130, yes", "TERM, 143, no", "INT, 130, no"})
  void signalToSystrumentIsForwardedToTheCommand(String signal, int expectedExit, String relaunch) throws Exception {
    List<String> launcher = List.of();
    if (signal.equals("INT") && SignalDisposition.ignored("INT")) {
      assumeTrue(SignalDisposition.envCanSetSignals(),
          "SIGINT is ignored in this JVM (started from a background job?) and env --default-signal (coreutils >= 8.31) is"
              + " not there to give systrument the default disposition back");
      launcher = List.of("env", "--default-signal=INT");
    }
    Process cli = startCli(launcher, relaunch, "record", "--output-perfetto", "sig.pftrace", "--", "sleep", "30");
    try {
      awaitTracedSleep(cli.toHandle(), cli::isAlive);
      Thread.sleep(1000); // the handlers are installed right after strace starts; margin for a busy machine

      new ProcessBuilder("kill", "-" + signal, Long.toString(cli.pid())).start().waitFor();

      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(tmp.resolve("cli.log"));
      assertThat(cli.exitValue()).as(log).isEqualTo(expectedExit);
      Path trace = tmp.resolve("sig.pftrace");
      PftraceValidator.assertStrictlyValid(trace);
      DecodedTrace decoded = DecodedTrace.decode(Files.readAllBytes(trace));
      assertThat(decoded.slicesInCategory("exit")).extracting(s -> s.args.get("signal")).containsExactly("SIG" + signal);
      try (Stream<Path> files = Files.list(tmp)) {
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("sig.pftrace", "cli.log");
      }
    } finally {
      // never leave strace or its tracees behind (they would hold Surefire's output pipe)
      cli.descendants().forEach(ProcessHandle::destroyForcibly);
      cli.destroyForcibly();
    }
  }

  /**
   * Started with SIGINT ignored (as {@code cmd &} in a script starts it), systrument changes
   * nothing: the command runs with SIGINT ignored, as it would without systrument, and SIGINT to
   * systrument stops neither; SIGTERM still does.
   */
  @Test
  void anIgnoredSigintStaysIgnoredForSystrumentAndTheCommand() throws Exception {
    assumeTrue(SignalDisposition.envCanSetSignals(), "env --ignore-signal (coreutils >= 8.31) is not installed");
    Process cli = startCli(List.of("env", "--ignore-signal=INT"), "yes", "record", "--output-perfetto", "ign.pftrace", "--",
        "sh", "-c", "grep ^SigIgn: /proc/self/status > sigign.txt; exec sleep 30");
    try {
      awaitTracedSleep(cli.toHandle(), cli::isAlive);
      Thread.sleep(1000);
      new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
      assertThat(cli.waitFor(1500, TimeUnit.MILLISECONDS)).as("systrument stopped by an ignored SIGINT").isFalse();

      new ProcessBuilder("kill", "-TERM", Long.toString(cli.pid())).start().waitFor();
      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.exitValue()).as(Files.readString(tmp.resolve("cli.log"))).isEqualTo(143);
      String sigIgn = Files.readString(tmp.resolve("sigign.txt")).substring("SigIgn:".length()).trim();
      assertThat(Long.parseUnsignedLong(sigIgn, 16) & SignalDisposition.mask("INT")).as("the command's SigIgn %s", sigIgn).isNotZero();
      PftraceValidator.assertStrictlyValid(tmp.resolve("ign.pftrace"));
    } finally {
      cli.descendants().forEach(ProcessHandle::destroyForcibly);
      cli.destroyForcibly();
    }
  }

  /** systrument in a JVM of its own, in {@code tmp}, stdin not a terminal, output in cli.log. */
  private Process startCli(List<String> launcher, String relaunch, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new java.util.ArrayList<>(launcher);
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SYSTRUMENT_RELAUNCH", relaunch);
    return builder
        .directory(tmp.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))) // not a terminal
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("cli.log").toFile())
        .start();
  }

  /** The {@code sleep} strace started for us: a descendant of {@code ancestor}, under strace. */
  private static ProcessHandle awaitTracedSleep(ProcessHandle ancestor, java.util.function.BooleanSupplier stillRecording)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      assertThat(stillRecording.getAsBoolean()).as("record still running").isTrue();
      Optional<ProcessHandle> sleep = ancestor.descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
          .filter(p -> p.parent().flatMap(q -> q.info().command()).map(c -> c.endsWith("/strace")).orElse(false))
          .findFirst();
      if (sleep.isPresent()) {
        // strace prints the execve when it returns; give it a moment so the log has the exec.
        Thread.sleep(300);
        return sleep.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the traced sleep did not start within 20 s");
  }

  /** The argv of each exec of a tree --json process. */
  private static List<List<Object>> argvs(Map<String, Object> process) {
    return CorpusTruthTest.listOfObjects(process.get("execs")).stream().map(e -> (List<Object>) e.get("argv")).toList();
  }
}
