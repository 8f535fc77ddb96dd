package dev.systrument.model.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.DiagnosticEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exits, kills, --quiet=exit evidence, pid reuse, and the end of input. */
class ExitRulesTest {
  private final Events log = new Events();
  private final Recorder recorder = new Recorder();
  private final ProcessTracker tracker = new ProcessTracker(recorder);

  private ProcessTree run() {
    log.feed(tracker);
    tracker.finish();
    return recorder.finishedTree;
  }

  @Test
  void killedBySignalWithCoreDump() {
    log.execveOk(1, 1, "/bin/sh", "sh");
    log.fork(1, 2, 2);
    log.execveOk(2, 3, "/tmp/crash", "crash");
    log.killed(2, 4, "SIGSEGV", true);
    log.killed(1, 5, "SIGTERM", false);

    ProcessTree tree = run();

    ProcessNode crash = tree.byPid(2).get(0);
    assertThat(crash.exit()).isEqualTo(new ExitStatus.Killed("SIGSEGV", true));
    assertThat(crash.exit().describe()).isEqualTo("SIGSEGV (core dumped)");
    assertThat(crash.endNs()).isEqualTo(Events.ns(4));
    assertThat(tree.byPid(1).get(0).exit().describe()).isEqualTo("SIGTERM");
    assertThat(recorder.only("processEnded"))
        .containsExactly("processEnded 2/2 SIGSEGV (core dumped)", "processEnded 1/1 SIGTERM");
  }

  @Test
  void threadsExitingBeforeTheLeader() {
    log.execveOk(1, 1, "/usr/bin/python3", "python3");
    log.clone3(1, 2, 2, "CLONE_VM", "CLONE_THREAD");
    log.clone3(1, 3, 3, "CLONE_VM", "CLONE_THREAD");
    log.exited(3, 4, 0);
    log.exited(2, 5, 0);
    log.exitGroup(1, 6, 7);
    log.exited(1, 7, 7);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.exit()).isEqualTo(new ExitStatus.Exited(7));
    assertThat(p.endNs()).isEqualTo(Events.ns(7));
    assertThat(recorder.only("taskEnded", "processEnded"))
        .containsExactly("taskEnded 1/3 exit 0", "taskEnded 1/2 exit 0", "taskEnded 1/1 exit 7", "processEnded 1/1 exit 7");
  }

  @Test
  void leaderEndingBeforeItsThreadsLeavesTheProcessRunning() {
    // main() called pthread_exit: exit(0) = ?; whatever order the +++ lines come in, the process
    // ends with its last task and takes the leader's status.
    log.execveOk(1, 1, "/usr/bin/app", "app");
    log.clone3(1, 2, 2, "CLONE_VM", "CLONE_THREAD");
    log.exit(1, 3, 0);
    log.exited(1, 4, 0);
    log.other(2, 5, "write");
    log.killed(2, 6, "SIGKILL", false);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.exit()).isEqualTo(new ExitStatus.Exited(0));
    assertThat(p.endNs()).isEqualTo(Events.ns(6));
    assertThat(p.threads().get(0).exit()).isEqualTo(new ExitStatus.Killed("SIGKILL", false));
    assertThat(recorder.only("taskEnded", "processEnded", "event"))
        .containsSubsequence(
            "taskEnded 1/1 exit 0", "event 1/2 write", "taskEnded 1/2 SIGKILL", "processEnded 1/1 exit 0");
  }

  @Test
  void quietExitLogsEndTasksFromTheirExitCalls() {
    // strace --quiet=exit (or -qq): no "+++ exited" lines at all.
    log.execveOk(1, 1, "/usr/bin/make", "make");
    log.clone3(1, 2, 2, "CLONE_VM", "CLONE_THREAD");
    log.fork(1, 3, 3);
    log.exitGroup(3, 10, 259); // the kernel keeps the low 8 bits: exit 3
    log.exit(2, 11, 0);
    log.other(1, 12, "wait4");
    log.exitGroup(1, 20, 0);

    ProcessTree tree = run();

    ProcessNode make = tree.byPid(1).get(0);
    ProcessNode child = tree.byPid(3).get(0);
    assertThat(child.exit()).isEqualTo(new ExitStatus.Exited(3));
    assertThat(child.endNs()).isEqualTo(Events.ns(10));
    assertThat(make.threads().get(0).exit()).isEqualTo(new ExitStatus.Exited(0));
    assertThat(make.threads().get(0).endNs()).isEqualTo(Events.ns(11));
    assertThat(make.exit()).isEqualTo(new ExitStatus.Exited(0));
    assertThat(make.endNs()).isEqualTo(Events.ns(20));
    assertThat(recorder.only("processEnded")).containsExactlyInAnyOrder("processEnded 1/1 exit 0", "processEnded 3/3 exit 3");
  }

  @Test
  void exitGroupEndsEveryTaskOfTheGroupInQuietLogs() {
    log.execveOk(1, 1, "/usr/bin/java", "java");
    log.clone3(1, 2, 2, "CLONE_VM", "CLONE_THREAD");
    log.clone3(1, 3, 3, "CLONE_VM", "CLONE_THREAD");
    log.exitGroup(2, 10, 1);

    ProcessTree tree = run();

    ProcessNode java = tree.processes().get(0);
    assertThat(java.exit()).isEqualTo(new ExitStatus.Exited(1));
    assertThat(java.threads()).extracting(ThreadNode::exit).containsOnly(new ExitStatus.Exited(1));
    assertThat(java.endNs()).isEqualTo(Events.ns(10));
  }

  @Test
  void exitCallAndExitLineEndTheTaskOnce() {
    // w05b-cthreads.C-full.strace: "20050 exit(0) = ?" then "20050 +++ exited with 0 +++", and
    // "exit_group(0) = ?" then the leader's line; threads' resumed calls after exit_group are theirs.
    log.execveOk(20046, 1, "./bin/cthreads", "./bin/cthreads");
    log.clone3(20046, 2, 20050, "CLONE_VM", "CLONE_THREAD");
    log.clone3(20046, 3, 20047, "CLONE_VM", "CLONE_THREAD");
    log.exit(20050, 103322, 0);
    log.exited(20050, 103353, 0);
    log.exitGroup(20046, 105972, 0);
    log.other(20047, 105980, "futex"); // <... futex resumed>) = ? of a thread killed by exit_group
    log.exited(20047, 105990, 0);
    log.exited(20046, 106147, 0);

    ProcessTree tree = run();

    assertThat(recorder.only("taskEnded", "processEnded"))
        .containsExactly(
            "taskEnded 20046/20050 exit 0",
            "taskEnded 20046/20047 exit 0",
            "taskEnded 20046/20046 exit 0",
            "processEnded 20046/20046 exit 0");
    ProcessNode p = tree.processes().get(0);
    assertThat(p.endNs()).isEqualTo(Events.ns(106147));
    assertThat(p.threads()).extracting(ThreadNode::endNs).containsExactly(Events.ns(103353), Events.ns(105990));
  }

  @Test
  void pidReusedBySpawnIsANewIdentity() {
    log.execveOk(1, 1, "/usr/bin/make", "make");
    log.fork(1, 2, 500);
    log.exited(500, 3, 0);
    log.fork(1, 4, 500);
    log.execveOk(500, 5, "/bin/false", "false");
    log.exited(500, 6, 1);
    log.exited(1, 7, 0);

    ProcessTree tree = run();

    List<ProcessNode> both = tree.byPid(500);
    assertThat(both).hasSize(2);
    assertThat(both.get(0).processKey()).isNotEqualTo(both.get(1).processKey());
    assertThat(both).extracting(ProcessNode::exit).containsExactly(new ExitStatus.Exited(0), new ExitStatus.Exited(1));
    assertThat(both.get(0).execs()).isEmpty();
    assertThat(both.get(1).execs()).extracting(ExecImage::executableName).containsExactly("false");
    assertThat(tree.children(tree.byPid(1).get(0))).containsExactlyElementsOf(both);
  }

  @Test
  void pidReusedWithoutASpawnInTheLogIsANewRoot() {
    log.other(700, 1, "read");
    log.exited(700, 2, 0);
    log.other(700, 3, "write");
    log.exited(700, 4, 5);

    ProcessTree tree = run();

    assertThat(tree.byPid(700)).hasSize(2).allMatch(ProcessNode::isRoot);
    assertThat(tree.byPid(700)).extracting(ProcessNode::exit)
        .containsExactly(new ExitStatus.Exited(0), new ExitStatus.Exited(5));
  }

  @Test
  void pidReusedAfterAQuietExitIsANewIdentity() {
    // --quiet=exit: the only sign that 3 ended is its exit_group; its next syscall is someone new.
    log.execveOk(1, 1, "/usr/bin/make", "make");
    log.fork(1, 2, 3);
    log.exitGroup(3, 3, 0);
    log.fork(1, 4, 3);
    log.execveOk(3, 5, "/bin/cc", "cc");
    log.exitGroup(3, 6, 2);

    ProcessTree tree = run();

    assertThat(tree.byPid(3)).extracting(ProcessNode::exit)
        .containsExactly(new ExitStatus.Exited(0), new ExitStatus.Exited(2));
    assertThat(tree.byPid(3)).extracting(ProcessNode::endNs).containsExactly(Events.ns(3), Events.ns(6));
  }

  @Test
  void finishEndsWhatIsStillRunningAtTheLastTimestamp() {
    log.execveOk(1, 1, "/usr/bin/sleep", "sleep", "100");
    log.clone3(1, 2, 2, "CLONE_VM", "CLONE_THREAD");
    log.other(2, 9, "nanosleep");
    log.other(1, 8, "wait4"); // not monotonic: the last timestamp seen is the largest

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.exit()).isEqualTo(ExitStatus.UNKNOWN);
    assertThat(p.endNs()).isEqualTo(Events.ns(9));
    assertThat(p.threads().get(0).endNs()).isEqualTo(Events.ns(9));
    assertThat(recorder.calls().subList(recorder.calls().size() - 4, recorder.calls().size()))
        .containsExactly("taskEnded 1/2 ?", "taskEnded 1/1 ?", "processEnded 1/1 ?", "finished 1");
  }

  @Test
  void snapshotBeforeFinishShowsRunningProcessesWithoutEnd() {
    log.execveOk(1, 1, "/usr/bin/sleep", "sleep", "100");
    log.feed(tracker);

    ProcessTree tree = tracker.snapshot();

    assertThat(tree.processes()).singleElement().satisfies(p -> {
      assertThat(p.endNs()).isEqualTo(dev.systrument.model.TraceEvent.NO_TIMESTAMP);
      assertThat(p.exit()).isEqualTo(ExitStatus.UNKNOWN);
      assertThat(p.durationNs()).isEqualTo(-1);
    });
  }

  @Test
  void detachEndsTheTaskWithUnknownStatus() {
    log.execveOk(1, 1, "/usr/bin/sleep", "sleep", "100");
    log.diagnostic(1, 5, DiagnosticEvent.Kind.DETACHED, "strace: Process 1 detached");

    ProcessTree tree = run();

    assertThat(tree.processes().get(0).endNs()).isEqualTo(Events.ns(5));
    assertThat(recorder.only("event", "processEnded"))
        .containsExactly("event 1/1 execve", "event 1/1 strace:DETACHED", "processEnded 1/1 ?");
  }

  @Test
  void exitGroupCodeIsTheProcessStatusEvenAfterTheLeaderThreadExited() {
    // --quiet=exit: main() ended with pthread_exit (exit(0) = ?), later a thread calls exit_group(3).
    log.execveOk(1, 1, "/usr/bin/app", "app");
    log.clone3(1, 2, 2, "CLONE_VM", "CLONE_THREAD");
    log.exit(1, 3, 0);
    log.other(2, 4, "write");
    log.exitGroup(2, 5, 3);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.exit()).isEqualTo(new ExitStatus.Exited(3));
    assertThat(p.endNs()).isEqualTo(Events.ns(5));
  }
}
