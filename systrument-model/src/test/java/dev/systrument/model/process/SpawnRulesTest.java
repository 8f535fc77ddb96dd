package dev.systrument.model.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.value.Value;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fork / vfork / clone / clone3, CLONE_THREAD and CLONE_PARENT, in the shapes strace prints. */
class SpawnRulesTest {
  private final Events log = new Events();
  private final Recorder recorder = new Recorder();
  private final ProcessTracker tracker = new ProcessTracker(recorder);

  private ProcessTree run() {
    log.feed(tracker);
    tracker.finish();
    return recorder.finishedTree;
  }

  private static ProcessNode only(ProcessTree tree, int pid) {
    List<ProcessNode> nodes = tree.byPid(pid);
    assertThat(nodes).hasSize(1);
    return nodes.get(0);
  }

  @Test
  void forkMakesAChildProcessOfTheCaller() {
    log.execveOk(100, 1, "/bin/sh", "sh", "-c", "x");
    log.fork(100, 10, 101);
    log.other(101, 11, "getpid");
    log.exited(101, 20, 0);
    log.exited(100, 30, 0);

    ProcessTree tree = run();

    ProcessNode sh = only(tree, 100);
    ProcessNode child = only(tree, 101);
    assertThat(tree.roots()).containsExactly(sh);
    assertThat(child.parentKey()).isEqualTo(sh.processKey());
    assertThat(child.parentPid()).isEqualTo(100);
    assertThat(tree.children(sh)).containsExactly(child);
    assertThat(child.startNs()).isEqualTo(Events.ns(10));
    assertThat(child.endNs()).isEqualTo(Events.ns(20));
    assertThat(child.execs()).isEmpty(); // a forked subshell runs its parent's image
    assertThat(recorder.only("processStarted"))
        .containsExactly("processStarted 100/100 spawn=?", "processStarted 101/101 spawn=fork@100");
  }

  @Test
  void vforkMakesAChildProcess() {
    // w11-pyspawn, reordered by timestamp: the vfork entry (…230839) precedes the child's lines.
    log.execveOk(20482, 129371, "/usr/bin/python3", "python3", "-c", "import subprocess; subprocess.run([\"true\"])");
    log.vfork(20482, 230839, 20483);
    log.execveOk(20483, 237925, "/usr/bin/true", "true");
    log.exited(20483, 242194, 0);
    log.sigchld(20482, 242300, 20483);
    log.exited(20482, 246357, 0);

    ProcessTree tree = run();

    ProcessNode python = only(tree, 20482);
    ProcessNode child = only(tree, 20483);
    assertThat(tree.children(python)).containsExactly(child);
    assertThat(child.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/true");
    assertThat(child.exit()).isEqualTo(new ExitStatus.Exited(0));
    assertThat(python.exit()).isEqualTo(new ExitStatus.Exited(0));
  }

  @Test
  void cloneWithoutCloneThreadMakesAProcess() {
    log.execveOk(19501, 1, "/usr/bin/bash", "bash", "-c", "echo hi | tr a-z A-Z | wc -c; ls");
    log.clone(19501, 273105, 19502, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
    log.clone(19501, 273611, 19503, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
    log.exited(19502, 280260, 0);
    log.exited(19503, 285963, 0);
    log.exited(19501, 312580, 0);

    ProcessTree tree = run();

    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(19501, 19502, 19503);
    assertThat(tree.children(only(tree, 19501))).extracting(ProcessNode::pid).containsExactly(19502, 19503);
    assertThat(tree.processes()).allSatisfy(p -> assertThat(p.threads()).isEmpty());
  }

  @Test
  void cloneResultAnnotatedWithCommIsTheTid() {
    // 19615<bash> 1795658719.991484892 clone(child_stack=NULL, flags=...|SIGCHLD, child_tidptr=0x7f9913125a10) = 19616<bash> <0.000179>
    log.execveOk(19615, 1, "/usr/bin/bash", "bash");
    log.clone(
        19615, 991484, new SyscallResult("19616<bash>", 19616, true, "", "", "bash"),
        Events.flagsValue("CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD"));
    log.exited(19616, 998280, 0);

    ProcessTree tree = run();

    assertThat(only(tree, 19616).parentPid()).isEqualTo(19615);
  }

  @Test
  void clone3WithCloneThreadMakesThreadsOfTheCallersGroup() {
    // w05a-pythreads: python starts 4 threads with clone3(CLONE_THREAD); each exits before the leader.
    String[] threadFlags = {
      "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD", "CLONE_SYSVSEM",
      "CLONE_SETTLS", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID"
    };
    log.execveOk(19980, 1, "/usr/bin/python3", "python3", "-c", "import threading");
    log.clone3(19980, 787405, 19981, threadFlags);
    log.clone3(19980, 793457, 19982, threadFlags);
    log.other(19981, 793500, "openat");
    log.exited(19981, 794125, 0);
    log.clone3(19980, 794659, 19983, threadFlags);
    log.exited(19982, 795191, 0);
    log.clone3(19980, 795513, 19984, threadFlags);
    log.exited(19984, 796354, 0);
    log.exited(19983, 796967, 0);
    log.exited(19980, 799431, 0);

    ProcessTree tree = run();

    assertThat(tree.processes()).hasSize(1);
    ProcessNode python = tree.processes().get(0);
    assertThat(python.threads()).extracting(ThreadNode::tid).containsExactly(19981, 19982, 19983, 19984);
    assertThat(python.threads()).allSatisfy(t -> assertThat(t.exit()).isEqualTo(new ExitStatus.Exited(0)));
    assertThat(python.threads().get(0).startNs()).isEqualTo(Events.ns(787405));
    assertThat(python.threads().get(0).endNs()).isEqualTo(Events.ns(794125));
    assertThat(python.endNs()).isEqualTo(Events.ns(799431));
    assertThat(recorder.only("threadStarted")).hasSize(4).allMatch(c -> c.endsWith("spawn=clone3@19980"));
    // The thread's events carry its thread group's pid.
    assertThat(recorder.calls()).contains("event 19980/19981 openat");
    assertThat(recorder.only("processEnded")).containsExactly("processEnded 19980/19980 exit 0");
  }

  @Test
  void clone3WithCloneVforkMakesAProcess() {
    // w07-build: make spawns gcc with clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, ...}, 88)
    log.execveOk(20169, 637322, "/usr/bin/make", "make", "-j2", "-C", "proj7");
    log.clone3(20169, 684684, 20170, "CLONE_VM", "CLONE_VFORK");
    log.execveOk(20170, 688347, "/usr/bin/gcc", "gcc", "-O1", "-Wall", "-c", "main.c", "-o", "main.o");
    log.exited(20170, 865212, 0);
    log.exited(20169, 900000, 0);

    ProcessTree tree = run();

    assertThat(only(tree, 20170).parentPid()).isEqualTo(20169);
    assertThat(only(tree, 20169).threads()).isEmpty();
  }

  @Test
  void threadsSpawnedByThreadsJoinTheSameGroupAndTheirForksAreChildrenOfTheProcess() {
    log.execveOk(1000, 1, "/usr/bin/java", "java", "-jar", "app.jar");
    log.clone3(1000, 10, 1001, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    log.clone(1001, 20, 1002, "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD", "CLONE_SYSVSEM");
    log.vfork(1002, 30, 1003);
    log.execveOk(1003, 31, "/bin/ls", "ls");

    ProcessTree tree = run();

    ProcessNode java = only(tree, 1000);
    assertThat(java.threads()).extracting(ThreadNode::tid).containsExactly(1001, 1002);
    ProcessNode ls = only(tree, 1003);
    assertThat(ls.parentKey()).isEqualTo(java.processKey());
    assertThat(recorder.only("processStarted"))
        .contains("processStarted 1003/1003 spawn=vfork@1002"); // the spawn names the calling thread
  }

  @Test
  void cloneParentMakesTheChildASiblingOfTheCaller() {
    log.execveOk(10, 1, "/sbin/init", "init");
    log.fork(10, 2, 11);
    log.clone(11, 3, 12, "CLONE_PARENT", "SIGCHLD");
    // CLONE_PARENT_SETTID is not CLONE_PARENT.
    log.clone(11, 4, 13, "CLONE_PARENT_SETTID", "SIGCHLD");

    ProcessTree tree = run();

    ProcessNode init = only(tree, 10);
    ProcessNode caller = only(tree, 11);
    assertThat(only(tree, 12).parentKey()).isEqualTo(init.processKey());
    assertThat(only(tree, 12).parentPid()).isEqualTo(10);
    assertThat(only(tree, 13).parentKey()).isEqualTo(caller.processKey());
    assertThat(tree.children(init)).extracting(ProcessNode::pid).containsExactly(11, 12);
  }

  @Test
  void flagsAreFoundWhateverShapeTheDecoderGaveThem() {
    log.execveOk(1, 1, "/bin/app", "app");
    // Raw number, as strace prints unknown combinations: 0x3d0f00 = the glibc pthread_create flags.
    log.clone(1, 2, SyscallResult.of(2), new Value.Num(0x3d0f00, "0x3d0f00"));
    // A single symbol, not wrapped in Flags.
    log.clone(1, 3, SyscallResult.of(3), new Value.Sym("CLONE_THREAD"));
    // Text the decoder could not parse: the flag names are still found as words.
    log.clone(1, 4, SyscallResult.of(4), new Value.Unparsed("CLONE_VM|CLONE_THREAD|0x400000", "test"));
    // A number without CLONE_THREAD (SIGCHLD = 17) is a process.
    log.clone(1, 5, SyscallResult.of(5), new Value.Num(0x1200011, "0x1200011"));

    ProcessTree tree = run();

    assertThat(only(tree, 1).threads()).extracting(ThreadNode::tid).containsExactly(2, 3, 4);
    assertThat(only(tree, 5).parentPid()).isEqualTo(1);
  }

  @Test
  void undecodableArgumentsFallBackToTheArgumentText() {
    log.execveOk(1, 1, "/bin/app", "app");
    log.syscall(
        1, 2, "clone",
        dev.systrument.model.Arguments.of(
            "child_stack=0x7f00, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM",
            List.of(new Value.Unparsed("child_stack=0x7f00, flags=CLONE_VM|...", "no grammar rule"))),
        SyscallResult.of(2));

    ProcessTree tree = run();

    assertThat(only(tree, 1).threads()).extracting(ThreadNode::tid).containsExactly(2);
  }

  @Test
  void failedOrUnreturnedSpawnsCreateNothing() {
    log.execveOk(1, 1, "/bin/app", "app");
    log.syscall(1, 2, "clone", Events.execArgs("x", List.of(), null), SyscallResult.error("EAGAIN", "Resource temporarily unavailable"));
    log.unfinished(1, 3, "vfork", dev.systrument.model.Arguments.empty());
    log.exited(1, 4, 0);

    ProcessTree tree = run();

    assertThat(tree.processes()).hasSize(1);
  }

  /**
   * The tree lives as long as the conversion, so what it keeps per process is what a log with a
   * million processes costs: the spawning call (its arguments, result, location) is handed to
   * the listeners, and the tracker must not keep it after that.
   */
  @Test
  void theTrackerDoesNotKeepTheSpawningCall() throws InterruptedException {
    ProcessTracker quiet = new ProcessTracker();
    quiet.accept(log.execveOk(100, 1, "/bin/sh", "sh"));
    WeakReference<SyscallEvent> clone = new WeakReference<>(log.fork(100, 10, 101));
    quiet.accept(clone.get());
    quiet.accept(log.exited(101, 20, 0));
    quiet.accept(log.exited(100, 30, 0));
    log.clear(); // the builder's list was the only other holder

    for (int i = 0; i < 50 && clone.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(clone.get()).as("the clone call, still reachable from the tracker").isNull();
    assertThat(quiet.snapshot().byPid(101)).singleElement().satisfies(p -> assertThat(p.parentPid()).isEqualTo(100));
  }

  /**
   * strace -f -T -z (untimed) of dash running a missing command: the vfork child's whole life is
   * printed before {@code vfork() = N}, which strace prints when the call returns. In an untimed
   * log that order says nothing about pid reuse: it is the same child.
   */
  @Test
  void anUntimedSpawnPrintedAfterItsChildsEndIsThatChild() {
    Events untimed = new Events(dev.systrument.model.TimeKind.NONE);
    untimed.execveOk(21123, 1, "/usr/bin/sh", "sh", "-c", "/nonexistent/cmd; /bin/true");
    untimed.other(21124, 2, "rt_sigprocmask");
    untimed.exited(21124, 3, 127);
    untimed.vfork(21123, 4, 21124);
    untimed.vfork(21123, 5, 21125);
    untimed.execveOk(21125, 6, "/bin/true", "/bin/true");
    untimed.exited(21125, 7, 0);
    untimed.exited(21123, 8, 0);
    untimed.feed(tracker);
    tracker.finish();

    ProcessTree tree = recorder.finishedTree;
    assertThat(tree.processes()).extracting(ProcessNode::pid, ProcessNode::parentPid, p -> p.exit().describe())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(21123, 0, "exit 0"),
            org.assertj.core.groups.Tuple.tuple(21124, 21123, "exit 127"),
            org.assertj.core.groups.Tuple.tuple(21125, 21123, "exit 0"));
  }

  /** -ff without timestamps: each member's places start at 0, so a thread's lines come "first". */
  @Test
  void anUntimedThreadWhoseLinesComeBeforeItsSpawnIsThatThread() {
    Events untimed = new Events(dev.systrument.model.TimeKind.NONE);
    untimed.execveOk(16071, 0, "./threads", "./threads");
    untimed.other(16073, 0, "rseq");
    untimed.exited(16073, 1, 0);
    untimed.clone3(16071, 38, 16073, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    untimed.exited(16071, 50, 0);
    untimed.feed(tracker);
    tracker.finish();

    ProcessTree tree = recorder.finishedTree;
    assertThat(tree.processes()).singleElement().satisfies(p ->
        assertThat(p.threads()).extracting(ThreadNode::tid, t -> t.exit().describe()).containsExactly(
            org.assertj.core.groups.Tuple.tuple(16073, "exit 0")));
  }
}
