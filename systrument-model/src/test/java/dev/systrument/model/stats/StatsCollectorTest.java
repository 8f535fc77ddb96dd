package dev.systrument.model.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.TimeKind;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.value.Value.Str;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The figures derived from the tree, on trees small enough to check by hand (times in ms). The
 * live workloads (systrument-cli's StatsLiveTest) check the same on real recordings.
 */
class StatsCollectorTest {
  private static final long MS = 1_000_000;

  @Test
  void theCriticalPathSkipsAChildThatOutlivedItsParentAndOneThatRanBeside() {
    // make [0,100]: a.c [5,40] beside b.c [6,60]; link [61,95]; a daemon [10,200] outlives make
    ProcessTree tree = tree(TimeKind.EPOCH,
        process(1, 0, 0, 100, "make"),
        process(2, 1, 5, 40, "gcc", "a.c"),
        process(3, 1, 6, 60, "gcc", "b.c"),
        process(4, 1, 61, 95, "ld"),
        process(5, 1, 10, 200, "daemon"));
    TraceStats stats = stats(tree);

    assertThat(stats.criticalPath()).extracting(CriticalLink::pid).containsExactly(1, 3, 4);
    assertThat(stats.criticalPath()).extracting(CriticalLink::depth).containsExactly(0, 1, 1);
    // make's own time: 100 minus b.c's 54 and the link's 34
    assertThat(stats.criticalPath().get(0).ownNs()).isEqualTo(12 * MS);
    assertThat(stats.parallelism().peak()).isEqualTo(4); // make, a.c, b.c, daemon at 10..40
    assertThat(stats.wallNs()).isEqualTo(200 * MS);
    // one alone: make alone 0..5, the daemon alone 100..200
    assertThat(stats.parallelism().serialNs()).isEqualTo(105 * MS);
    ProgramStats gcc = stats.program("gcc");
    assertThat(gcc.runs()).isEqualTo(2);
    assertThat(gcc.totalNs()).isEqualTo(89 * MS);
    assertThat(gcc.medianNs()).isEqualTo(44_500_000L); // the mean of the two middle runs, 35 and 54
  }

  @Test
  void withoutTimestampsOnlyWhatTheOrderTellsIsKnown() {
    ProcessTree tree = tree(TimeKind.NONE,
        process(1, 0, 0, 100, "sh"),
        process(2, 1, 5, 40, "sleep"),
        process(3, 1, 6, 60, "sleep"));
    TraceStats stats = stats(tree);

    assertThat(stats.hasTimes()).isFalse();
    assertThat(stats.parallelism().peak()).isEqualTo(3);
    assertThat(stats.parallelism().mean()).isNaN();
    assertThat(stats.parallelism().serialNs()).isEqualTo(-1);
    assertThat(stats.criticalPrograms()).containsExactly("sh", "sleep");
    assertThat(stats.criticalPath()).allSatisfy(l -> assertThat(l.durationNs()).isEqualTo(-1));
    assertThat(stats.program("sleep").totalNs()).isEqualTo(-1);
    assertThat(stats.hasSyscallTimes()).isFalse();
  }

  @Test
  void failuresAreTheProcessesThatDidNotExitZero() {
    ProcessTree tree = tree(TimeKind.EPOCH,
        new ProcessNode(1, 1, 0, 0, List.of(), List.of(image("sh", 0)), List.of(), 0, 10 * MS, new ExitStatus.Exited(0), ""),
        new ProcessNode(2, 2, 1, 1, List.of(), List.of(image("false", 1)), List.of(), MS, 2 * MS, new ExitStatus.Exited(1), ""),
        new ProcessNode(3, 3, 1, 1, List.of(), List.of(image("crash", 3)), List.of(), 3 * MS, 4 * MS,
            new ExitStatus.Killed("SIGSEGV", true), ""),
        // a forked subshell that never exec'd: named after its parent's program
        new ProcessNode(4, 4, 1, 1, List.of(), List.of(), List.of(), 5 * MS, 6 * MS, new ExitStatus.Exited(2), ""));
    Failures failures = stats(tree).failures();

    assertThat(failures.exits()).extracting(Failures.FailedProcess::pid).containsExactly(2, 3, 4);
    assertThat(failures.exits()).extracting(Failures.FailedProcess::status)
        .containsExactly("exit 1", "SIGSEGV (core dumped)", "exit 2");
    assertThat(failures.exits().get(2).program()).isEqualTo("sh");
  }

  private static TraceStats stats(ProcessTree tree) {
    StatsCollector collector = new StatsCollector();
    collector.finished(tree);
    return collector.stats();
  }

  private static ProcessTree tree(TimeKind kind, ProcessNode... nodes) {
    return new ProcessTree(List.of(nodes), kind);
  }

  private static ProcessNode process(int pid, int parent, long startMs, long endMs, String... argv) {
    return new ProcessNode(pid, pid, parent, parent, List.of(), List.of(image(argv[0], startMs, argv)), List.of(),
        startMs * MS, endMs * MS, new ExitStatus.Exited(0), "");
  }

  private static ExecImage image(String program, long startMs, String... argv) {
    List<Str> args = new ArrayList<>();
    args.add(Str.of(program));
    for (int i = 1; i < argv.length; i++) {
      args.add(Str.of(argv[i]));
    }
    return new ExecImage(Str.of("/usr/bin/" + program), args, List.of(), false, startMs * MS, 0);
  }
}
