package dev.systrument.perfetto;

import static dev.systrument.perfetto.StraceEvents.call;
import static dev.systrument.perfetto.StraceEvents.enoent;
import static dev.systrument.perfetto.StraceEvents.execve;
import static dev.systrument.perfetto.StraceEvents.exited;
import static dev.systrument.perfetto.StraceEvents.fd;
import static dev.systrument.perfetto.StraceEvents.fdResult;
import static dev.systrument.perfetto.StraceEvents.flags;
import static dev.systrument.perfetto.StraceEvents.hex;
import static dev.systrument.perfetto.StraceEvents.image;
import static dev.systrument.perfetto.StraceEvents.named;
import static dev.systrument.perfetto.StraceEvents.num;
import static dev.systrument.perfetto.StraceEvents.ok;
import static dev.systrument.perfetto.StraceEvents.signal;
import static dev.systrument.perfetto.StraceEvents.str;
import static dev.systrument.perfetto.StraceEvents.sym;
import static dev.systrument.perfetto.StraceEvents.ts;

import dev.systrument.model.ExitEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.process.ExecAttempt;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Listener call sequences as the process tracker makes them (its documented order contract) for
 * corpus workloads, with the events built from the quoted corpus lines.
 */
final class Scenarios {
  private Scenarios() {}

  static final List<String> ENV =
      List.of(
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "HOME=/tmp/corpushome",
          "LANG=C.UTF-8",
          "TERM=dumb",
          "GITHUB_TOKEN=ghp_corpussecret");

  static byte[] write(PerfettoOptions options, java.util.function.Consumer<ProcessListener> scenario) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PerfettoWriter writer = new PerfettoWriter(out, options)) {
      scenario.accept(writer);
    }
    return out.toByteArray();
  }

  static final Task BASH = new Task(1, 1, 19534, 19534);
  static final Task ECHO_SUBSHELL = new Task(2, 2, 19535, 19535);
  static final Task TR = new Task(3, 3, 19536, 19536);

  /**
   * w01-pipeline.C-full: {@code bash -c "echo hi | tr a-z A-Z | ..."}: bash clones a subshell
   * that never execs (19535) and a child that execs tr (19536); clone returns before the children's
   * first lines (the usual order). An env variable named like a secret was added.
   */
  static void pipeline(ProcessListener l) {
    // 19534 1795658719.429269 execve("/usr/bin/bash", ["bash", "-c", "echo hi | tr a-z A-Z | wc -c; ls / >/dev/null"], [...]) = 0 <0.000361>
    SyscallEvent bashExec =
        execve(19534, "1795658719.429269", "/usr/bin/bash", List.of("bash", "-c", "echo hi | tr a-z A-Z | wc -c; ls / >/dev/null"), ENV, ok(0), "0.000361");
    l.processStarted(BASH, null, bashExec.timestampNs());
    l.exec(BASH, image(bashExec));
    l.event(BASH, bashExec);
    // 19534 1795658719.430183 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory) <0.000037>
    l.event(BASH, call(19534, "1795658719.430183", "access", List.of(str("/etc/ld.so.preload"), sym("R_OK")), enoent(), "0.000037"));
    // 19534 1795658719.430298 openat(AT_FDCWD</tmp/corpuswork>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000042>
    l.event(BASH, call(19534, "1795658719.430298", "openat",
        List.of(new Value.Annotated(sym("AT_FDCWD"), "/tmp/corpuswork"), str("/etc/ld.so.cache"), flags("O_RDONLY", "O_CLOEXEC")),
        fdResult(3, "/etc/ld.so.cache"), "0.000042"));
    // 19534 1795658719.430594 mmap(NULL, 34983, PROT_READ, MAP_PRIVATE, 3</etc/ld.so.cache>, 0) = 0x7f96502cc000 <0.000036>
    l.event(BASH, call(19534, "1795658719.430594", "mmap",
        List.of(sym("NULL"), num(34983), sym("PROT_READ"), sym("MAP_PRIVATE"), fd(3, "/etc/ld.so.cache"), num(0)),
        new SyscallResult("0x7f96502cc000", 0x7f96502cc000L, true, "", "", ""), "0.000036"));

    // 19534 1795658719.473391 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f96500b4a10) = 19535 <0.000177>
    SyscallEvent clone1 = clone(19534, "1795658719.473391", 19535, "0.000177");
    l.processStarted(ECHO_SUBSHELL, new Spawn(BASH, 1, 19534, clone1), clone1.endTimestampNs());
    l.event(BASH, clone1);
    // 19534 1795658719.473919 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f96500b4a10) = 19536 <0.000103>
    SyscallEvent clone2 = clone(19534, "1795658719.473919", 19536, "0.000103");
    l.processStarted(TR, new Spawn(BASH, 1, 19534, clone2), clone2.endTimestampNs());
    l.event(BASH, clone2);
    // 19534 1795658719.474066 rt_sigprocmask(SIG_SETMASK, [CHLD], NULL, 8) = 0 <0.000008>, moved to
    // .474021: 1 µs before clone2's end (.473919 + .000103), the overlap that -ttt/-T rounding makes.
    l.event(BASH, call(19534, "1795658719.474021", "rt_sigprocmask",
        List.of(sym("SIG_SETMASK"), new Value.BitSet(List.of(sym("CHLD")), false), sym("NULL"), num(8)), ok(0), "0.000008"));

    // 19536 1795658719.476596 execve("/usr/bin/tr", ["tr", "a-z", "A-Z"], [...]) = 0 <0.000472>
    SyscallEvent trExec = execve(19536, "1795658719.476596", "/usr/bin/tr", List.of("tr", "a-z", "A-Z"), ENV, ok(0), "0.000472");
    l.exec(TR, image(trExec));
    l.event(TR, trExec);
    // 19535 1795658719.477107 set_robust_list(0x7f96500b4a20, 24) = 0 <0.000042>
    l.event(ECHO_SUBSHELL, call(19535, "1795658719.477107", "set_robust_list", List.of(hex("0x7f96500b4a20"), num(24)), ok(0), "0.000042"));
    // 19535 1795658719.477232 getpid() = 19535 <0.000213>
    l.event(ECHO_SUBSHELL, call(19535, "1795658719.477232", "getpid", List.of(), ok(19535), "0.000213"));
    // 19536 1795658719.477863 openat(AT_FDCWD</tmp/corpuswork>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000032>
    l.event(TR, call(19536, "1795658719.477863", "openat",
        List.of(new Value.Annotated(sym("AT_FDCWD"), "/tmp/corpuswork"), str("/etc/ld.so.cache"), flags("O_RDONLY", "O_CLOEXEC")),
        fdResult(3, "/etc/ld.so.cache"), "0.000032"));
    // 19535 1795658719.480308 exit_group(0) = ?
    l.event(ECHO_SUBSHELL, call(19535, "1795658719.480308", "exit_group", List.of(num(0)), SyscallResult.UNKNOWN, null));
    // 19535 1795658719.480618 +++ exited with 0 +++
    end(l, ECHO_SUBSHELL, exited(19535, "1795658719.480618", 0));
    // 19536 1795658719.486850 exit_group(0) = ?  /  +++ exited with 0 +++
    l.event(TR, call(19536, "1795658719.486850", "exit_group", List.of(num(0)), SyscallResult.UNKNOWN, null));
    end(l, TR, exited(19536, "1795658719.487068", 0));
    // 19534 1795658719.487506 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=19535, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
    l.event(BASH, signal(19534, "1795658719.487506", "SIGCHLD",
        List.of(named("si_signo", sym("SIGCHLD")), named("si_code", sym("CLD_EXITED")), named("si_pid", num(19535)),
            named("si_uid", num(0)), named("si_status", num(0)), named("si_utime", num(0)), named("si_stime", num(0)))));
    // 19534 1795658719.512430 +++ exited with 0 +++
    end(l, BASH, exited(19534, "1795658719.512430", 0));
    l.finished(new ProcessTree(List.of()));
  }

  static final Task PYTHON = new Task(1, 1, 20482, 20482);
  static final Task TRUE = new Task(2, 2, 20483, 20483);

  /**
   * w11-pyspawn.B-record: python's vfork child prints its PATH search (three failed execve) before
   * the parent's {@code vfork() = 20483} line: the child appears without a spawn, and {@code
   * parentFound} follows.
   */
  static void pyspawn(ProcessListener l) {
    // 20482 1795658730.129371 execve("/usr/bin/python3", ["python3", "-c", "import subprocess; subprocess.run([\"true\"])"], [...]) = 0 <0.000352>
    SyscallEvent pyExec = execve(20482, "1795658730.129371", "/usr/bin/python3",
        List.of("python3", "-c", "import subprocess; subprocess.run([\"true\"])"), ENV, ok(0), "0.000352");
    l.processStarted(PYTHON, null, pyExec.timestampNs());
    l.exec(PYTHON, image(pyExec));
    l.event(PYTHON, pyExec);
    // 20482 1795658730.130118 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory) <0.000047>
    l.event(PYTHON, call(20482, "1795658730.130118", "access", List.of(str("/etc/ld.so.preload"), sym("R_OK")), enoent(), "0.000047"));
    // 20483 1795658730.237565 execve("/usr/local/sbin/true", ["true"], [...]) = -1 ENOENT (No such file or directory) <0.000078>
    String[][] search = {
      {"1795658730.237565", "/usr/local/sbin/true", "0.000078"},
      {"1795658730.237740", "/usr/local/bin/true", "0.000040"},
      {"1795658730.237843", "/usr/sbin/true", "0.000035"}
    };
    for (int i = 0; i < search.length; i++) {
      SyscallEvent failed = execve(20483, search[i][0], search[i][1], List.of("true"), ENV, enoent(), search[i][2]);
      if (i == 0) {
        l.processStarted(TRUE, null, failed.timestampNs());
      }
      l.execFailed(TRUE, new ExecAttempt(str(search[i][1]), "ENOENT", failed.timestampNs(), 20483));
      l.event(TRUE, failed);
    }
    // 20482 1795658730.230839 vfork() = 20483 <0.007210>
    SyscallEvent vfork = call(20482, "1795658730.230839", "vfork", List.of(), ok(20483), "0.007210");
    l.parentFound(TRUE, new Spawn(PYTHON, 1, 20482, vfork));
    l.event(PYTHON, vfork);
    // 20483 1795658730.237925 execve("/usr/bin/true", ["true"], [...]) = 0 <0.002999>
    SyscallEvent trueExec = execve(20483, "1795658730.237925", "/usr/bin/true", List.of("true"), ENV, ok(0), "0.002999");
    l.exec(TRUE, image(trueExec));
    l.event(TRUE, trueExec);
    // 20483 1795658730.242194 +++ exited with 0 +++
    end(l, TRUE, exited(20483, "1795658730.242194", 0));
    // 20482 1795658730.242245 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=20483, ...} ---
    l.event(PYTHON, signal(20482, "1795658730.242245", "SIGCHLD",
        List.of(named("si_signo", sym("SIGCHLD")), named("si_code", sym("CLD_EXITED")), named("si_pid", num(20483)))));
    // 20482 1795658730.246357 +++ exited with 0 +++
    end(l, PYTHON, exited(20482, "1795658730.246357", 0));
    l.finished(new ProcessTree(List.of()));
  }

  static final Task CTHREADS = new Task(1, 1, 20046, 20046);
  static final Task WORKER = new Task(2, 1, 20046, 20048);

  /**
   * w05b-cthreads.C-full: a C program starts a thread with clone3, the thread exits, the main
   * thread waits in futex (an unfinished/resumed pair) and exits.
   */
  static void cthreads(ProcessListener l) {
    // 20046 1795658724.097293 execve("./bin/cthreads", ["./bin/cthreads"], [...]) = 0 <0.000339>
    SyscallEvent exec = execve(20046, "1795658724.097293", "./bin/cthreads", List.of("./bin/cthreads"), ENV, ok(0), "0.000339");
    l.processStarted(CTHREADS, null, exec.timestampNs());
    l.exec(CTHREADS, image(exec));
    l.event(CTHREADS, exec);
    // 20046 1795658724.101839 clone3({flags=CLONE_VM|...|CLONE_THREAD|..., ...}, 88) = 20048 <0.000054>  (resumed at .101904)
    SyscallEvent clone3 = call(20046, "1795658724.101839", "clone3",
        List.of(new Value.Struct(List.of(named("flags", flags("CLONE_VM", "CLONE_THREAD")), named("exit_signal", num(0)))), num(88)),
        ok(20048), "0.000054");
    l.threadStarted(WORKER, new Spawn(CTHREADS, 1, 20046, clone3), clone3.endTimestampNs());
    l.event(CTHREADS, clone3);
    // 20048 1795658724.102883 +++ exited with 0 +++
    ExitEvent workerExit = exited(20048, "1795658724.102883", 0);
    l.event(WORKER, workerExit);
    l.taskEnded(WORKER, new ExitStatus.Exited(0), workerExit.timestampNs());
    // 20046 1795658724.102936 futex(0x7f58e837d990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 20047, NULL, FUTEX_BITSET_MATCH_ANY) = 0 <0.002993>
    l.event(CTHREADS, call(20046, "1795658724.102936", "futex",
        List.of(hex("0x7f58e837d990"), flags("FUTEX_WAIT_BITSET", "FUTEX_CLOCK_REALTIME"), num(20047), sym("NULL"), sym("FUTEX_BITSET_MATCH_ANY")),
        ok(0), "0.002993"));
    // 20046 1795658724.106147 +++ exited with 0 +++
    end(l, CTHREADS, exited(20046, "1795658724.106147", 0));
    l.finished(new ProcessTree(List.of()));
  }

  /** {@code clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f96500b4a10) = N}. */
  static SyscallEvent clone(int pid, String time, int child, String duration) {
    return call(pid, time, "clone",
        List.of(named("child_stack", sym("NULL")), named("flags", flags("CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD")),
            named("child_tidptr", hex("0x7f96500b4a10"))),
        ok(child), duration);
  }

  /** {@code +++ exited with N +++} for a single-threaded process: the event, then both ends. */
  static void end(ProcessListener l, Task leader, ExitEvent exit) {
    l.event(leader, exit);
    l.taskEnded(leader, new ExitStatus.Exited(exit.code()), exit.timestampNs());
    l.processEnded(leader, new ExitStatus.Exited(exit.code()), exit.timestampNs());
  }

  static long ns(String seconds) {
    return ts(seconds);
  }
}
