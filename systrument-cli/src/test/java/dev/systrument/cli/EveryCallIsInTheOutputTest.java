package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTracker;
import dev.systrument.model.process.Task;
import dev.systrument.otel.OtlpReceiver;
import dev.systrument.parser.ReadSummary;
import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import dev.systrument.perfetto.DecodedTrace;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule for every output (issue 13): a call the reader counted as read reaches the process
 * tracker with its task, is a slice in the Perfetto trace and a log record in OTLP; or it was
 * counted and reported as dropped (a problem), never neither. On every corpus log and every
 * single-task fixture (logs without pid prefixes, strace's own lines first, attached processes).
 */
class EveryCallIsInTheOutputTest {
  @TempDir Path tmp;

  static Stream<Arguments> logs() throws IOException {
    List<Path> all = new ArrayList<>(Corpus.logs());
    Path singleTask = Corpus.repoRoot().resolve("testdata/single-task");
    try (Stream<Path> s = Files.walk(singleTask)) {
      s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".md")).sorted().forEach(all::add);
    }
    return all.stream().map(p -> Arguments.of(Corpus.repoRoot().relativize(p).toString(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void everyCallReadIsInEveryOutput(String name, Path log) throws IOException {
    assertEveryCallIsInTheOutputs(log);
  }

  @Test
  void unprefixedLinesAmongPrefixedOnes() throws IOException {
    // `1000 ... openat(...)`, then two lines without a pid, then `1000 ... write(...)`: the
    // unprefixed calls are the only running task's
    Path log = tmp.resolve("mixed.strace");
    Files.writeString(log, String.join("\n",
        "1000  1796701128.100000 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3 <0.000010>",
        "1796701128.100100 read(3, \"root:x:0:0:root:/root:/bin/bash\\n\", 4096) = 32 <0.000008>",
        "1796701128.100200 close(3) = 0 <0.000007>",
        "1000  1796701128.100300 write(1, \"root\\n\", 5) = 5 <0.000009>",
        "1000  1796701128.100400 exit_group(0) = ?",
        "1000  1796701128.100500 +++ exited with 0 +++",
        ""));
    assertThat(assertEveryCallIsInTheOutputs(log).syscalls()).isEqualTo(5);

    // with two tasks running, whose they are cannot be told: both are problems, not calls
    Path two = tmp.resolve("two.strace");
    Files.writeString(two, Files.readString(log).replace("1796701128.100100 read",
        "1001  1796701128.100050 getpid() = 1001 <0.000005>\n1796701128.100100 read"));
    ReadSummary summary = assertEveryCallIsInTheOutputs(two);
    assertThat(summary.syscalls()).isEqualTo(4);
    assertThat(summary.problems()).isEqualTo(2);
  }

  /** Reads {@code log} into the tracker, Perfetto and OTLP and compares each with the reader's count. */
  private ReadSummary assertEveryCallIsInTheOutputs(Path log) throws IOException {
    long[] withTask = new long[1];
    List<TraceEvent> taskless = new ArrayList<>();
    ProcessTracker tracker = new ProcessTracker(new ProcessListener() {
      @Override
      public void event(Task task, TraceEvent event) {
        if (task != null && event instanceof SyscallEvent) {
          withTask[0]++;
        } else if (task == null) {
          taskless.add(event);
        }
      }
    });
    ReadSummary summary;
    try (StraceReader reader = StraceReader.open(log, ReaderOptions.defaults().withProblemSink(p -> {}))) {
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        tracker.accept(e);
      }
      summary = reader.summary();
    }
    tracker.finish();
    assertThat(withTask[0]).as("syscalls the tracker gave a task").isEqualTo(summary.syscalls());
    assertThat(taskless).as("only strace's own messages name no task").allMatch(e -> e instanceof DiagnosticEvent);
    int exit = summary.problems() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;

    CliRun perfetto = CliRun.run(tmp, "strace2perfetto", log.toString(), "-o", tmp.resolve("out.pftrace").toString());
    assertThat(perfetto.exitCode()).as("%s", perfetto).isEqualTo(exit);
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("out.pftrace")));
    assertThat(trace.slicesInCategory("syscall")).as("syscall slices").hasSize((int) summary.syscalls());

    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun otel = CliRun.run(tmp, "strace2otel", log.toString(), "--endpoint", receiver.baseUrl(), "--logs");
      assertThat(otel.exitCode()).as("%s", otel).isEqualTo(exit);
      List<LogRecord> records = receiver.logs();
      assertThat(records.stream().filter(r -> isSyscall(r)).count()).as("syscall log records").isEqualTo(summary.syscalls());
    }
    return summary;
  }

  private static boolean isSyscall(LogRecord r) {
    for (KeyValue a : r.getAttributesList()) {
      if (a.getKey().equals("systrument.event")) {
        return a.getValue().getStringValue().equals("syscall");
      }
    }
    return false;
  }
}
