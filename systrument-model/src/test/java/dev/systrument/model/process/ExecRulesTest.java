package dev.systrument.model.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.Arguments;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** execve/execveat images and attempts, and the superseding exec of a non-leader thread. */
class ExecRulesTest {
  private final Events log = new Events();
  private final Recorder recorder = new Recorder();
  private final ProcessTracker tracker = new ProcessTracker(recorder);

  private ProcessTree run() {
    log.feed(tracker);
    tracker.finish();
    return recorder.finishedTree;
  }

  @Test
  void execChainKeepsEveryImageInOrder() {
    // bash -c 'make' with bash exec'ing make in place (no fork for the last command).
    log.execveOk(300, 10, "/usr/bin/bash", "bash", "-c", "make -j2");
    log.other(300, 11, "brk");
    log.execveOk(300, 20, "/usr/bin/make", "make", "-j2");
    log.exited(300, 30, 0);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).extracting(ExecImage::executableName).containsExactly("bash", "make");
    assertThat(p.execs()).extracting(ExecImage::timestampNs).containsExactly(Events.ns(10), Events.ns(20));
    assertThat(p.execs().get(1).argv()).containsExactly(Value.Str.of("make"), Value.Str.of("-j2"));
    assertThat(p.execs().get(1).env()).extracting(Value.Str::text).containsExactlyElementsOf(Events.CORPUS_ENV);
    assertThat(p.execs().get(1).envKnown()).isTrue();
    assertThat(recorder.only("exec"))
        .containsExactly("exec 300/300 /usr/bin/bash by 300", "exec 300/300 /usr/bin/make by 300");
  }

  @Test
  void truncatedArgvAndEnvironmentWithoutDashV() {
    // 1795658719.869144 execve("/usr/bin/bash", ["bash", "-c", "echo hi | tr a-z A-Z | wc -c; ls"...], 0x7fff05689260 /* 4 vars */) = 0
    Value.Str truncated = new Value.Str("echo hi | tr a-z A-Z | wc -c; ls".getBytes(StandardCharsets.UTF_8), true);
    Value.Array argv =
        new Value.Array(List.of(Value.Str.of("bash"), Value.Str.of("-c"), truncated, new Value.Ellipsis()));
    Value env = new Value.Commented(new Value.Num(0x7fff05689260L, "0x7fff05689260"), "4 vars");
    log.syscall(
        19599, 869144, "execve",
        Arguments.of("\"/usr/bin/bash\", [...], 0x7fff05689260 /* 4 vars */", List.of(Value.Str.of("/usr/bin/bash"), argv, env)),
        SyscallResult.of(0));

    ProcessTree tree = run();

    ExecImage image = tree.processes().get(0).execs().get(0);
    assertThat(image.argv()).extracting(Value.Str::text)
        .containsExactly("bash", "-c", "echo hi | tr a-z A-Z | wc -c; ls...", "...");
    assertThat(image.envKnown()).isFalse();
    assertThat(image.env()).isEmpty();
  }

  @Test
  void execveatTakesItsPathFromTheSecondArgument() {
    Value.Array argv = new Value.Array(List.of(Value.Str.of("true")));
    List<Value> values =
        List.of(
            new Value.Annotated(new Value.Sym("AT_FDCWD"), "/tmp"),
            Value.Str.of("/usr/bin/true"),
            argv,
            new Value.Sym("NULL"),
            new Value.Num(0, "0"));
    log.syscall(5, 1, "execveat", Arguments.of("AT_FDCWD</tmp>, \"/usr/bin/true\", [\"true\"], NULL, 0", values), SyscallResult.of(0));

    ProcessTree tree = run();

    ExecImage image = tree.processes().get(0).execs().get(0);
    assertThat(image.path().text()).isEqualTo("/usr/bin/true");
    assertThat(image.argv()).containsExactly(Value.Str.of("true"));
    assertThat(image.envKnown()).isFalse();
  }

  @Test
  void failedExecsAreAttemptsNotImages() {
    // w07-build: gcc's child probes PATH for "as": three ENOENT, then /usr/bin/as.
    log.execveOk(20171, 1, "/usr/bin/gcc", "gcc", "-c", "util.c");
    log.vfork(20171, 737853, 20174);
    String[] argv = {"as", "--64", "-o", "util.o", "/tmp/ccYiabVw.s"};
    log.execveEnoent(20174, 737959, "/usr/local/sbin/as", argv);
    log.execveEnoent(20174, 738014, "/usr/local/bin/as", argv);
    log.execveEnoent(20174, 738056, "/usr/sbin/as", argv);
    log.execveOk(20174, 738097, "/usr/bin/as", argv);
    log.exitGroup(20174, 747055, 0);
    log.exited(20174, 747320, 0);

    ProcessTree tree = run();

    ProcessNode as = tree.byPid(20174).get(0);
    assertThat(as.failedExecs()).extracting(a -> a.path().text())
        .containsExactly("/usr/local/sbin/as", "/usr/local/bin/as", "/usr/sbin/as");
    assertThat(as.failedExecs()).allSatisfy(a -> {
      assertThat(a.errno()).isEqualTo("ENOENT");
      assertThat(a.tid()).isEqualTo(20174);
    });
    assertThat(as.failedExecs()).extracting(ExecAttempt::timestampNs)
        .containsExactly(Events.ns(737959), Events.ns(738014), Events.ns(738056));
    assertThat(as.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/as");
    assertThat(recorder.only("execFailed", "exec"))
        .containsExactly(
            "exec 20171/20171 /usr/bin/gcc by 20171",
            "execFailed 20174/20174 /usr/local/sbin/as ENOENT",
            "execFailed 20174/20174 /usr/local/bin/as ENOENT",
            "execFailed 20174/20174 /usr/sbin/as ENOENT",
            "exec 20174/20174 /usr/bin/as by 20174");
  }

  @Test
  void supersedingExecOfAThreadIsCreditedToTheLeader() {
    // strace's tests/threads-execve.c expectations (action rt_sigsuspend):
    // 1240  execve("/bin/true", ["true", "1", "2"], [/* 3 vars */] <unfinished ...>
    // 1234  <... rt_sigsuspend resumed>) = ?
    // 1234  +++ superseded by execve in pid 1240 +++
    // 1234  <... execve resumed> ) = 0
    log.execveOk(1234, 1, "/usr/bin/prog", "prog");
    log.clone3(1234, 2, 1240, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    log.unfinished(1240, 5, "execve", Events.execArgs("/bin/true", List.of("true", "1", "2"), null));
    log.syscall(1234, 3, "rt_sigsuspend", Arguments.of("[], 8", List.of()), SyscallResult.UNKNOWN);
    log.superseded(1234, 6, 1240);
    log.syscall(1234, 7, "execve", Arguments.of(" ", List.of()), SyscallResult.of(0));
    log.other(1234, 8, "brk");
    log.exitGroup(1234, 9, 0);
    log.exited(1234, 10, 0);

    ProcessTree tree = run();

    assertThat(tree.processes()).hasSize(1);
    ProcessNode p = tree.processes().get(0);
    assertThat(p.pid()).isEqualTo(1234);
    assertThat(p.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/prog", "/bin/true");
    ExecImage image = p.execs().get(1);
    assertThat(image.tid()).isEqualTo(1240);
    assertThat(image.argv()).extracting(Value.Str::text).containsExactly("true", "1", "2");
    assertThat(image.timestampNs()).isEqualTo(Events.ns(5));
    // The thread's identity ended at the superseded line; the leader went on.
    assertThat(p.threads()).singleElement().satisfies(t -> {
      assertThat(t.tid()).isEqualTo(1240);
      assertThat(t.endNs()).isEqualTo(Events.ns(6));
      assertThat(t.exit()).isEqualTo(ExitStatus.UNKNOWN);
    });
    assertThat(p.exit()).isEqualTo(new ExitStatus.Exited(0));
    assertThat(p.endNs()).isEqualTo(Events.ns(10));
    assertThat(recorder.calls())
        .containsSubsequence(
            "event 1234/1234 +++superseded 1240",
            "taskEnded 1234/1240 ?",
            "exec 1234/1234 /bin/true by 1240",
            "event 1234/1234 execve",
            "event 1234/1234 brk",
            "taskEnded 1234/1234 exit 0",
            "processEnded 1234/1234 exit 0");
    assertThat(recorder.only("processEnded")).hasSize(1);
  }

  @Test
  void supersedingExecAfterTheLeaderCalledExit() {
    // threads-execve.c, action exit: the leader thread ends with exit(42) = ? (no +++ line for a
    // zombie leader), then thread 1240 execs and takes over pid 1234.
    // 1240  execve("/bin/true", [...], [/* 3 vars */] <pid changed to 1234 ...>
    log.execveOk(1234, 1, "/usr/bin/prog", "prog");
    log.clone3(1234, 2, 1240, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    log.exit(1234, 3, 42);
    log.unfinished(1240, 4, "execve", Events.execArgs("/bin/true", List.of("true"), null));
    log.superseded(1234, 5, 1240);
    log.syscall(1234, 6, "execve", Arguments.of(" ", List.of()), SyscallResult.of(0));
    log.other(1234, 7, "brk");
    log.exited(1234, 8, 0);

    ProcessTree tree = run();

    assertThat(tree.processes()).hasSize(1);
    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/prog", "/bin/true");
    assertThat(p.exit()).isEqualTo(new ExitStatus.Exited(0));
    assertThat(recorder.calls()).contains("event 1234/1234 brk");
    assertThat(recorder.only("processStarted")).hasSize(1);
  }

  @Test
  void supersedingExecJoinedByTheReaderUnderTheLeaderPid() {
    // A reader that joins the thread's call with the leader's "<... execve resumed>" delivers one
    // complete execve with all its arguments under the leader's pid.
    log.execveOk(1234, 1, "/usr/bin/prog", "prog");
    log.clone3(1234, 2, 1240, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    log.superseded(1234, 5, 1240);
    log.execveOk(1234, 4, "/bin/true", "true");
    log.exited(1234, 8, 0);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).extracting(ExecImage::tid).containsExactly(1234, 1240);
    assertThat(p.execs().get(1).path().text()).isEqualTo("/bin/true");
  }

  @Test
  void execCompletedByANonLeaderThreadIsCreditedToItsProcessOnce() {
    // A reader that keeps the thread's tid on the completed call, then the superseded line and the
    // leader's orphaned resume: one image, not two.
    log.execveOk(1234, 1, "/usr/bin/prog", "prog");
    log.clone3(1234, 2, 1240, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    log.execveOk(1240, 4, "/bin/true", "true");
    log.superseded(1234, 5, 1240);
    log.syscall(1234, 6, "execve", Arguments.of(" ", List.of()), SyscallResult.of(0));
    log.exited(1234, 8, 0);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/prog", "/bin/true");
    assertThat(recorder.only("exec")).containsExactly(
        "exec 1234/1234 /usr/bin/prog by 1234", "exec 1234/1234 /bin/true by 1240");
  }

  @Test
  void supersedingExecWhoseThreadCallIsDeliveredLate() {
    // Recorded with strace 6.1 (-f -ttt -T) from a C program whose third thread execs /bin/echo:
    // 25720 1795664083.004671 execve("/bin/echo", ["/bin/echo", "from-thread"], NULL <unfinished ...>
    // 25718 1795664083.005186 +++ exited with 0 +++
    // 25717 1795664083.005485 +++ superseded by execve in pid 25720 +++
    // 25717 1795664083.005513 <... execve resumed>) = 0 <0.000805>
    // The unfinished call never resumes under 25720, so a reader may flush it only at the end.
    log.execveOk(25717, 981540, "./texec", "./texec");
    log.clone3(25717, 983154, 25718, "CLONE_VM", "CLONE_THREAD");
    log.clone3(25717, 984144, 25720, "CLONE_VM", "CLONE_THREAD");
    log.exited(25718, 1005186, 0);
    log.superseded(25717, 1005485, 25720);
    log.syscall(25717, 1005513, "execve", Arguments.of(")", List.of()), SyscallResult.of(0));
    log.other(25717, 1005543, "brk");
    log.exitGroup(25717, 1006931, 0);
    log.exited(25717, 1007020, 0);
    log.unfinished(25720, 1004671, "execve", Events.execArgs("/bin/echo", List.of("/bin/echo", "from-thread"), null));

    ProcessTree tree = run();

    assertThat(tree.processes()).hasSize(1); // the late record makes no new process
    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).extracting(e -> e.path().text()).containsExactly("./texec", "/bin/echo");
    assertThat(p.execs().get(1).argv()).extracting(Value.Str::text).containsExactly("/bin/echo", "from-thread");
    assertThat(p.execs().get(1).tid()).isEqualTo(25720);
    assertThat(recorder.calls().subList(recorder.calls().size() - 3, recorder.calls().size()))
        .containsExactly("exec 25717/25717 /bin/echo by 25720", "event 25717/25720 execve", "finished 1");
  }

  @Test
  void supersedingExecWhoseThreadCallNeverShowsUpIsStillCounted() {
    log.execveOk(25717, 1, "./texec", "./texec");
    log.clone3(25717, 2, 25720, "CLONE_VM", "CLONE_THREAD");
    log.superseded(25717, 5, 25720);
    log.syscall(25717, 6, "execve", Arguments.of(")", List.of()), SyscallResult.of(0));
    log.exited(25717, 7, 0);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).hasSize(2);
    assertThat(p.execs().get(1).tid()).isEqualTo(25720);
    assertThat(p.execs().get(1).path().text()).isEmpty();
  }

  @Test
  void supersedingExecEndsTheOtherThreadsEvenWithoutExitLines() {
    // strace -f -qq: the threads the kernel killed for the exec print nothing.
    log.execveOk(1772, 1, "./texec", "./texec");
    log.clone3(1772, 2, 1773, "CLONE_VM", "CLONE_THREAD");
    log.clone3(1772, 3, 1775, "CLONE_VM", "CLONE_THREAD");
    log.unfinished(1775, 10, "execve", Events.execArgs("/bin/echo", List.of("/bin/echo", "from-thread"), null));
    log.superseded(1772, 11, 1775);
    log.syscall(1772, 12, "execve", Arguments.of(")", List.of()), SyscallResult.of(0));
    log.exitGroup(1772, 20, 0);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.threads()).extracting(ThreadNode::tid, ThreadNode::endNs, ThreadNode::exit)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1773, Events.ns(11), new ExitStatus.Exited(0)),
            org.assertj.core.groups.Tuple.tuple(1775, Events.ns(11), ExitStatus.UNKNOWN));
    assertThat(p.endNs()).isEqualTo(Events.ns(20));
  }

  @Test
  void supersedingExecJoinedAndOrderedBeforeTheSupersededLine() {
    // A reader that joins both halves under the leader and orders by start time delivers the exec
    // (started at 4) before the superseded line (5); the leader's later exec is a new image.
    log.execveOk(1234, 1, "/usr/bin/prog", "prog");
    log.clone3(1234, 2, 1240, "CLONE_VM", "CLONE_THREAD");
    log.execveOk(1234, 4, "/bin/sh", "sh", "-c", "exec make");
    log.superseded(1234, 5, 1240);
    log.execveOk(1234, 6, "/usr/bin/make", "make");
    log.exited(1234, 8, 0);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).extracting(ExecImage::executableName).containsExactly("prog", "sh", "make");
    assertThat(p.execs().get(2).tid()).isEqualTo(1234);
  }

  @Test
  void supersedingExecWithAStatusFiltersBogusResultIsASuccess() {
    // strace 7.2 --seccomp-bpf --status='!unfinished' (the v7 corpus's B7 format), a Python
    // thread running os.execv("/bin/echo", ...). The reader joins both halves under the leader and
    // orders the call by its start, before the superseded line:
    // 27729 1796700902.394585 execve("/bin/echo", ["/bin/echo", "from-thread"], [...] <pid changed to 27728 ...>
    // 27728 1796700902.395598 +++ superseded by execve in pid 27729 +++
    // 27728 1796700902.395948 <... execve resumed>) = -1 ENOSYS (Function not implemented) <0.001332>
    log.execveOk(27728, 360053, "/usr/bin/python3", "/usr/bin/python3", "texec.py");
    log.clone3(27728, 394173, 27729, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    log.execve(27728, 394585, "/bin/echo", List.of("/bin/echo", "from-thread"),
        SyscallResult.error("ENOSYS", "Function not implemented"));
    log.superseded(27728, 395598, 27729);
    log.other(27728, 396007, "brk");
    log.exited(27728, 401589, 0);

    ProcessTree tree = run();

    ProcessNode p = tree.processes().get(0);
    assertThat(p.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/python3", "/bin/echo");
    assertThat(p.execs().get(1).argv()).extracting(Value.Str::text).containsExactly("/bin/echo", "from-thread");
    assertThat(p.execs().get(1).tid()).isEqualTo(27729);
    assertThat(p.failedExecs()).isEmpty();
    assertThat(recorder.only("exec", "execFailed")).containsExactly(
        "exec 27728/27728 /usr/bin/python3 by 27728", "exec 27728/27728 /bin/echo by 27729");
  }

  @Test
  void supersedingExecWithABogusResultAfterTheSupersededLineIsASuccess() {
    // The same with the completion delivered after the superseded line (a reader that keeps log
    // order), in strace 6.1's spelling of the result: -1 (errno 18446744073709551595).
    log.execveOk(27728, 1, "/usr/bin/python3", "/usr/bin/python3", "texec.py");
    log.clone3(27728, 2, 27729, "CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND");
    log.unfinished(27729, 3, "execve", Events.execArgs("/bin/echo", List.of("/bin/echo", "from-thread"), null));
    log.superseded(27728, 4, 27729);
    log.syscall(27728, 5, "execve", Arguments.of(")", List.of()),
        new SyscallResult("-1 (errno 18446744073709551595)", -1, true, "", "", ""));
    log.exited(27728, 6, 0);

    ProcessNode p = run().processes().get(0);

    assertThat(p.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/python3", "/bin/echo");
    assertThat(p.failedExecs()).isEmpty();
  }

  @Test
  void aFailedExecOfAThreadedLeaderWithoutASupersededLineStaysFailed() {
    // The leader of a threaded process fails an exec for real: nothing supersedes it, and the
    // attempt is reported (late, once the process goes on) with its errno.
    log.execveOk(500, 1, "/usr/bin/python3", "python3");
    log.clone3(500, 2, 501, "CLONE_VM", "CLONE_THREAD");
    log.execve(500, 3, "/bin/missing", List.of("missing"), SyscallResult.error("ENOSYS", "Function not implemented"));
    log.other(501, 10, "brk");
    log.execveEnoent(500, 11, "/bin/gone", "gone");
    log.exited(501, 12, 0);
    log.exited(500, 13, 1);

    ProcessNode p = run().processes().get(0);

    assertThat(p.execs()).extracting(e -> e.path().text()).containsExactly("/usr/bin/python3");
    assertThat(p.failedExecs()).extracting(a -> a.path().text() + " " + a.errno())
        .containsExactly("/bin/missing ENOSYS", "/bin/gone ENOENT");
    assertThat(recorder.calls()).containsSubsequence(
        "execFailed 500/500 /bin/missing ENOSYS", "event 500/501 brk");
  }

  @Test
  void aChildThatNeverExecdInheritsTheImageItsParentRanWhenItForked() {
    // bash -c 'nonexistent_cmd; /bin/true': the forked child exits 127 running bash; bash then
    // execs true itself. A grandchild forked by that child runs bash too.
    log.execveOk(27082, 1, "/usr/bin/bash", "bash", "-c", "nonexistent_cmd; /bin/true");
    log.clone(27082, 2, 27086, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
    log.clone(27086, 3, 27087, "SIGCHLD");
    log.exited(27087, 4, 0);
    log.exited(27086, 5, 127);
    log.execveOk(27082, 6, "/bin/true", "/bin/true");
    log.exited(27082, 7, 0);

    ProcessTree tree = run();

    ProcessNode bash = tree.processes().get(0);
    assertThat(tree.inheritedImage(bash)).isNull();
    assertThat(tree.inheritedImage(tree.byPid(27086).get(0)).executableName()).isEqualTo("bash");
    assertThat(tree.inheritedImage(tree.byPid(27087).get(0)).executableName()).isEqualTo("bash");
    assertThat(bash.imageAt(Events.ns(6)).executableName()).isEqualTo("true");
    assertThat(bash.imageAt(0)).isNull();
  }
}
