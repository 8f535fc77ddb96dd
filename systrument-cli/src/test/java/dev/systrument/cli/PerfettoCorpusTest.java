package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.perfetto.DecodedTrace;
import dev.systrument.perfetto.PftraceValidator;
import dev.systrument.perfetto.proto.TrackDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #4 on the real corpus: {@code strace2perfetto FILE -o OUT} for every log, decoded with the
 * generated Perfetto classes (replayed as the trace processor imports it, see {@link
 * DecodedTrace}) and counted against the truth file, then checked strictly against the trace
 * processor's import rules ({@link PftraceValidator}). What each count means is in docs/perfetto.md ("What you see and where it is").
 */
class PerfettoCorpusTest {
  private static final Set<String> SPAWN_CALLS = Set.of("fork", "vfork", "clone", "clone3");

  @TempDir Path tmp;

  static Stream<Arguments> corpus() {
    return Corpus.logs().stream().map(p -> Arguments.of(Corpus.name(p), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void traceMatchesTheTruthFile(String name, Path log) throws Exception {
    Corpus.Truth truth = Corpus.truth(log);
    DecodedTrace trace = convert(log, "out.pftrace");

    // One process track per process identity (the corpus has no pid reuse), one thread track per
    // task: every process's main thread plus every other thread.
    assertThat(trace.processTracks()).extracting(d -> (long) d.getProcess().getPid())
        .as("process tracks").containsExactlyInAnyOrderElementsOf(truth.processes());
    assertThat(trace.threadTracks()).extracting(d -> (long) d.getThread().getTid())
        .as("thread tracks")
        .containsExactlyInAnyOrderElementsOf(Stream.concat(truth.processes().stream(), truth.threads().stream()).toList());
    // Every syscall record is one slice, category syscall or syscall,failed.
    assertThat(syscallSlices(trace)).as("syscall slices").hasSize((int) truth.syscallRecords());
    // Every successful exec is one exec phase.
    assertThat(trace.slicesInCategory("exec")).as("exec slices").hasSize(truth.successfulExecCount());
    // Every spawn (fork/vfork/clone/clone3, threads included) is one arrow to the child.
    assertThat(trace.flows).as("flows").hasSize(truth.clones().size());
    assertThat(trace.nestingErrors).as("nesting errors").isEmpty();
    // Signals and exits are instants: one per `--- SIG ---` and per `+++ ... +++` line.
    Map<String, Long> kinds = lineKinds(truth);
    assertThat(trace.slicesInCategory("signal")).as("signal instants").hasSize(kinds.getOrDefault("signal", 0L).intValue());
    // (with --quiet=exit a task's exit_group/exit call is its exit, and gets the instant too)
    assertThat(trace.slicesInCategory("exit")).as("exit instants")
        .hasSize(kinds.getOrDefault("exit", 0L).intValue() + truth.exitUnreported().size());
    assertThat(trace.logs).as("no log messages without --logs").isEmpty();

    // Parents reach the trace processor through ProcessTree entries (docs/perfetto.md "Parents"):
    // every non-root process has entries, all naming its truth parent; roots have none.
    Map<Long, Long> parentOf = new HashMap<>();
    truth.processTree().forEach((parent, kids) -> kids.forEach(kid -> parentOf.put(kid, Long.parseLong(parent))));
    for (var entry : trace.processTree) {
      assertThat((long) entry.getPpid()).as("ppid of %d", entry.getPid()).isEqualTo(parentOf.get((long) entry.getPid()));
    }
    assertThat(trace.processTree.stream().map(e -> (long) e.getPid()).distinct().toList())
        .as("processes with a ProcessTree entry").containsExactlyInAnyOrderElementsOf(parentOf.keySet());

    // Exec phases sit on the process's main thread and carry the exec's path and argv, in order.
    Map<Long, List<Map<String, Object>>> execs = new HashMap<>();
    for (DecodedTrace.Slice exec : trace.slicesInCategory("exec")) {
      TrackDescriptor thread = trace.tracks.get(exec.track);
      assertThat(thread.getThread().getTid()).as("exec %s on the main thread", exec.name).isEqualTo(thread.getThread().getPid());
      List<String> argv = new ArrayList<>();
      for (int i = 0; exec.args.containsKey("argv[" + i + "]"); i++) {
        argv.add(exec.args.get("argv[" + i + "]"));
      }
      execs.computeIfAbsent((long) thread.getThread().getPid(), k -> new ArrayList<>())
          .add(Map.of("path", exec.args.get("path"), "argv", argv));
    }
    Map<Long, List<Map<String, Object>>> expectedExecs = new HashMap<>();
    truth.execve().forEach((pid, chain) -> expectedExecs.put(Long.parseLong(pid),
        chain.stream().map(e -> Map.of("path", e.get("path"), "argv", e.get("argv"))).toList()));
    assertThat(execs).as("exec phases (path, argv) per pid").isEqualTo(expectedExecs);

    PftraceValidator.assertStrictlyValid(tmp.resolve("out.pftrace"));
  }

  @Test
  void noSyscallsKeepsProcessesExecsAndFlowsOnly() throws Exception {
    Path log = Corpus.log("w07-build.B-record.strace");
    Corpus.Truth truth = Corpus.truth(log);
    DecodedTrace trace = convert(log, "nosys.pftrace", "--no-syscalls");

    assertThat(trace.processTracks()).hasSize(truth.processes().size());
    assertThat(trace.slicesInCategory("exec")).hasSize(truth.successfulExecCount());
    assertThat(trace.flows).hasSize(truth.clones().size());
    // docs/perfetto.md: the spawning calls stay (they anchor the arrows); no other syscall does.
    assertThat(syscallSlices(trace)).extracting(s -> s.name).hasSize(truth.clones().size()).allMatch(SPAWN_CALLS::contains);
    PftraceValidator.assertStrictlyValid(tmp.resolve("nosys.pftrace"));
  }

  @Test
  void logsWritesOneMessagePerEventOnItsThread() throws Exception {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    Corpus.Truth truth = Corpus.truth(log);
    DecodedTrace trace = convert(log, "logs.pftrace", "--logs");

    // B-record has only complete syscall lines, signals and exits: one event (one log) per line.
    Map<String, Long> kinds = lineKinds(truth);
    assertThat(trace.logs).hasSize((int) truth.lines())
        .hasSize((int) (kinds.get("syscall") + kinds.get("signal") + kinds.get("exit")));
    // Each message sits on the track of the thread that printed it.
    List<String> lines = Files.readAllLines(log);
    for (DecodedTrace.Log message : trace.logs) {
      int pid = Integer.parseInt(message.body().substring(0, message.body().indexOf(' ')));
      assertThat(message.track()).as("track of %s", message.body()).isEqualTo(trace.threadTrack(pid));
    }
    assertThat(trace.logs).extracting(DecodedTrace.Log::body)
        .anyMatch(body -> body.startsWith("19664 ") && body.contains("+++ exited with 3 +++"));
    assertThat(syscallSlices(trace)).hasSize((int) truth.syscallRecords());
    assertThat(lines).hasSize((int) truth.lines());
    PftraceValidator.assertStrictlyValid(tmp.resolve("logs.pftrace"));
  }

  private DecodedTrace convert(Path log, String output, String... flags) throws IOException {
    String[] args = Stream.concat(
        Stream.of("strace2perfetto", log.toString(), "-o", tmp.resolve(output).toString()), Stream.of(flags))
        .toArray(String[]::new);
    CliRun run = CliRun.run(tmp, args);
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).contains("wrote ").contains("0 problems");
    return DecodedTrace.decode(Files.readAllBytes(tmp.resolve(output)));
  }

  private static List<DecodedTrace.Slice> syscallSlices(DecodedTrace trace) {
    return trace.slicesInCategory("syscall");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> lineKinds(Corpus.Truth truth) {
    return (Map<String, Long>) truth.json().get("line_kinds");
  }
}
