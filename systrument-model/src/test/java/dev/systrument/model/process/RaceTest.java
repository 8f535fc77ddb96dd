package dev.systrument.model.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.TimeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A child's lines before the line where its parent's spawn returns: the child is held until its
 * spawn is known, then reported once, with its final identity.
 */
class RaceTest {
  private final Recorder recorder = new Recorder();
  private final ProcessTracker tracker = new ProcessTracker(recorder);

  private ProcessTree run(Events log) {
    log.feed(tracker);
    tracker.finish();
    return recorder.finishedTree;
  }

  @Test
  void vforkChildLinesBeforeTheParentsVforkLine() {
    // w11-pyspawn.B-record.strace in file order (status=!unfinished prints a call when it returns,
    // with its entry time): the child's three failed execs come before "vfork() = 20483".
    Events log = new Events();
    log.execveOk(20482, 129371, "/usr/bin/python3", "python3", "-c", "import subprocess; subprocess.run([\"true\"])");
    log.execveEnoent(20483, 237565, "/usr/local/sbin/true", "true");
    log.execveEnoent(20483, 237740, "/usr/local/bin/true", "true");
    log.execveEnoent(20483, 237843, "/usr/sbin/true", "true");
    log.vfork(20482, 230839, 20483);
    log.execveOk(20483, 237925, "/usr/bin/true", "true");
    log.exited(20483, 242194, 0);
    log.exited(20482, 246357, 0);

    ProcessTree tree = run(log);

    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(20482, 20483);
    ProcessNode child = tree.byPid(20483).get(0);
    assertThat(child.parentPid()).isEqualTo(20482);
    assertThat(child.startNs()).isEqualTo(Events.ns(230839)); // the vfork's start, before its first line
    assertThat(child.failedExecs()).extracting(a -> a.path().text())
        .containsExactly("/usr/local/sbin/true", "/usr/local/bin/true", "/usr/sbin/true");
    assertThat(child.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/true");
    // Reported once, with its spawn, before any of its events; no parentFound needed.
    assertThat(recorder.calls())
        .containsSubsequence(
            "processStarted 20483/20483 spawn=vfork@20482",
            "execFailed 20483/20483 /usr/local/sbin/true ENOENT",
            "event 20483/20483 execve",
            "execFailed 20483/20483 /usr/local/bin/true ENOENT",
            "event 20483/20483 execve",
            "execFailed 20483/20483 /usr/sbin/true ENOENT",
            "event 20483/20483 execve",
            "event 20482/20482 vfork",
            "exec 20483/20483 /usr/bin/true by 20483");
    assertThat(recorder.only("processStarted", "threadStarted", "parentFound")).hasSize(2);
  }

  @Test
  void threadLinesBeforeItsClone3ReturnsMakeAThreadNeverAProcess() {
    // w05b-cthreads.C-full.strace, events delivered when complete:
    // 20048 rseq(0x7f58e7b7cfe0, 0x20, 0, 0x53053053 <unfinished ...>
    // 20046 <... clone3 resumed> => {parent_tid=[20048]}, 88) = 20048 <0.000054>
    // 20048 <... rseq resumed>) = 0 <0.000027>
    // The reader could deliver the rseq first (if it orders by completion); the tracker must not care.
    Events log = new Events();
    log.execveOk(20046, 1, "./bin/cthreads", "./bin/cthreads");
    log.other(20048, 101888, "rseq");
    log.other(20048, 101949, "set_robust_list");
    log.clone3(20046, 101839, 20048, "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD");
    log.exit(20048, 102738, 0);
    log.exited(20048, 102883, 0);
    log.exitGroup(20046, 105972, 0);
    log.exited(20046, 106147, 0);

    ProcessTree tree = run(log);

    assertThat(tree.processes()).hasSize(1);
    assertThat(tree.processes().get(0).threads()).extracting(ThreadNode::tid).containsExactly(20048);
    assertThat(tree.processes().get(0).threads().get(0).startNs()).isEqualTo(Events.ns(101839));
    assertThat(recorder.calls())
        .containsSubsequence(
            "threadStarted 20046/20048 spawn=clone3@20046",
            "event 20046/20048 rseq",
            "event 20046/20048 set_robust_list",
            "event 20046/20046 clone3",
            "event 20046/20048 exit",
            "taskEnded 20046/20048 exit 0");
    assertThat(recorder.only("processStarted")).containsExactly("processStarted 20046/20046 spawn=?");
  }

  @Test
  void childThatExecsBeforeItsVforkReturnsIsReportedThenLinked() {
    // Untimed -f log: the child's successful execve is printed before "<... vfork resumed>) = 20172".
    Events log = new Events(TimeKind.NONE);
    log.execveOk(20170, 1, "/usr/bin/gcc", "gcc", "-c", "main.c");
    log.execveOk(20172, 3, "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "cc1", "-quiet", "main.c");
    log.vfork(20170, 2, 20172);
    log.exitGroup(20172, 4, 0);
    log.exited(20172, 5, 0);
    log.exited(20170, 6, 0);

    ProcessTree tree = run(log);

    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(20170, 20172);
    ProcessNode cc1 = tree.byPid(20172).get(0);
    assertThat(cc1.parentPid()).isEqualTo(20170);
    assertThat(cc1.parentKey()).isEqualTo(tree.byPid(20170).get(0).processKey());
    assertThat(cc1.startNs()).isEqualTo(Events.ns(2));
    assertThat(recorder.calls())
        .containsSubsequence(
            "processStarted 20172/20172 spawn=?",
            "exec 20172/20172 /usr/lib/gcc/x86_64-linux-gnu/12/cc1 by 20172",
            "event 20172/20172 execve",
            "parentFound 20172/20172 spawn=vfork@20170",
            "event 20170/20170 vfork");
  }

  @Test
  void childThatEndedBeforeItsSpawnLineIsLinkedNotDuplicated() {
    // The whole life of a short child printed before its parent's clone line.
    Events log = new Events(TimeKind.NONE);
    log.execveOk(1, 1, "/bin/sh", "sh");
    log.other(2, 3, "getpid");
    log.exited(2, 4, 0);
    log.clone(1, 2, 2, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
    log.exited(1, 6, 0);

    ProcessTree tree = run(log);

    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(1, 2);
    assertThat(tree.byPid(2).get(0).parentPid()).isEqualTo(1);
    assertThat(tree.byPid(2).get(0).exit()).isEqualTo(new ExitStatus.Exited(0));
    assertThat(recorder.only("processStarted", "parentFound", "processEnded"))
        .containsExactly(
            "processStarted 1/1 spawn=?",
            "processStarted 2/2 spawn=clone@1",
            "processEnded 2/2 exit 0",
            "processEnded 1/1 exit 0");
  }

  @Test
  void childThatExecedAndEndedBeforeItsSpawnLineGetsItsParentLate() {
    Events log = new Events(TimeKind.NONE);
    log.execveOk(1, 1, "/bin/sh", "sh");
    log.execveOk(2, 3, "/bin/true", "true");
    log.exited(2, 4, 0);
    log.vfork(1, 2, 2);
    log.exited(1, 6, 0);

    ProcessTree tree = run(log);

    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(1, 2);
    assertThat(tree.byPid(2).get(0).parentPid()).isEqualTo(1);
    assertThat(recorder.only("processStarted", "parentFound", "processEnded"))
        .containsExactly(
            "processStarted 1/1 spawn=?",
            "processStarted 2/2 spawn=?",
            "processEnded 2/2 exit 0",
            "parentFound 2/2 spawn=vfork@1",
            "processEnded 1/1 exit 0");
  }

  @Test
  void straceAttachMessageBeforeTheCloneReturnsIsTheChildsFirstEvent() {
    // w01-pipeline.G-stderr.strace:
    // 1795658719.876722 clone(child_stack=NULL, flags=...|SIGCHLDstrace: Process 19601 attached
    // , child_tidptr=0x7f5b3725fa10) = 19601 <0.000113>
    Events log = new Events();
    log.execveOk(19599, 869144, "/usr/bin/bash", "bash", "-c", "echo hi | tr a-z A-Z | wc -c; ls");
    log.diagnostic(19601, 876722, DiagnosticEvent.Kind.ATTACHED, "strace: Process 19601 attached");
    log.clone(19599, 876722, 19601, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
    log.other(19601, 876939, "set_robust_list");
    log.exited(19601, 880000, 0);

    ProcessTree tree = run(log);

    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(19599, 19601);
    assertThat(recorder.calls())
        .containsSubsequence(
            "processStarted 19601/19601 spawn=clone@19599",
            "event 19601/19601 strace:ATTACHED",
            "event 19599/19599 clone");
  }

  @Test
  void grandchildOfAHeldChildIsResolvedWhenTheChildIs() {
    // Both the child and the grandchild print before the first clone returns.
    Events log = new Events(TimeKind.NONE);
    log.execveOk(1, 1, "/usr/bin/make", "make");
    log.other(2, 3, "getpid");
    log.other(3, 5, "getpid");
    log.fork(2, 4, 3);
    log.clone(1, 2, 2, "SIGCHLD");
    log.exited(3, 7, 0);
    log.exited(2, 8, 0);
    log.exited(1, 9, 0);

    ProcessTree tree = run(log);

    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(1, 2, 3);
    assertThat(tree.byPid(3).get(0).parentPid()).isEqualTo(2);
    assertThat(tree.byPid(2).get(0).parentPid()).isEqualTo(1);
    assertThat(recorder.only("processStarted"))
        .containsExactly("processStarted 1/1 spawn=?", "processStarted 2/2 spawn=clone@1", "processStarted 3/3 spawn=fork@2");
  }

  @Test
  void everyEventReachesTheListenerExactlyOnce() {
    Events log = new Events(TimeKind.NONE);
    log.execveOk(1, 1, "/usr/bin/make", "make");
    log.other(2, 3, "getpid");
    log.other(3, 5, "getpid");
    log.fork(2, 4, 3);
    log.clone(1, 2, 2, "SIGCHLD");
    log.exited(3, 7, 0);
    log.exited(2, 8, 0);
    log.exited(1, 9, 0);

    run(log);

    assertThat(recorder.only("event")).hasSize(log.all().size());
    List<String> expectedEvents =
        log.all().stream().map(e -> "event " + e.pid() + "/" + e.pid() + " " + Recorder.describe(e)).toList();
    assertThat(recorder.only("event")).containsExactlyInAnyOrderElementsOf(expectedEvents);
  }
}
