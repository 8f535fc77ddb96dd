package dev.systrument.otel;

import static dev.systrument.otel.Events.attempt;
import static dev.systrument.otel.Events.enoent;
import static dev.systrument.otel.Events.execve;
import static dev.systrument.otel.Events.exited;
import static dev.systrument.otel.Events.image;
import static dev.systrument.otel.Events.killed;
import static dev.systrument.otel.Events.ns;
import static dev.systrument.otel.Events.ok;
import static dev.systrument.otel.Events.sigchld;
import static dev.systrument.otel.Events.syscall;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A small build, replayed as the tracker would report it (callbacks in the order of the {@link
 * ProcessListener} contract), with lines modelled on testdata/corpus/w02-nested-exit (bash running
 * {@code sh -c "exit 3"} and a subshell) and w11-pyspawn (PATH search: execve ENOENT twice, then
 * success). Process keys equal the leaders' task keys.
 *
 * <pre>
 * 19663 bash -c ...                        exit 0     (root, one exec)
 * ├── 19664 sh -c "exit 3"                 exit 3
 * ├── 19665 (subshell, never execs)        exit 0
 * │   └── 20483 true (after 2 failed execs), thread 20484, killed by SIGSEGV (core dumped)
 * └── 19668 env true → true                exit 0     (re-exec: two spans)
 * </pre>
 */
final class BuildScenario {
  static final Task BASH = new Task(1, 1, 19663, 19663);
  static final Task SH = new Task(2, 2, 19664, 19664);
  static final Task SUBSHELL = new Task(3, 3, 19665, 19665);
  static final Task TRUE = new Task(4, 4, 20483, 20483);
  static final Task TRUE_THREAD = new Task(5, 4, 20483, 20484);
  static final Task ENV = new Task(6, 6, 19668, 19668);

  static final List<String> BASH_ARGV = List.of("bash", "-c", "sh -c \"exit 3\"; (true) ; env true");
  static final List<String> BASH_ENV = List.of(
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/tmp/corpushome",
      "GITHUB_TOKEN=ghp_0123456789abcdef", "LANG=C.UTF-8");
  static final List<String> SH_ENV = List.of("PWD=/tmp/corpuswork", "HOME=/tmp/corpushome", "SHLVL=1");
  static final String CLONE_ARGS =
      "child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fc29882da10";

  /** Every event passed to {@link ProcessListener#event}, in order, with its task. */
  record Fed(Task task, TraceEvent event) {}

  final List<Fed> fed = new ArrayList<>();
  SyscallEvent bashExec;
  SyscallEvent shExec;
  SyscallEvent trueExec;
  SyscallEvent envExec;
  SyscallEvent envTrueExec;

  /** Replays the whole build into {@code l}, {@code finished} included. */
  void replay(ProcessListener l) {
    bashExec = execve(19663, "1795658720.345165", "/usr/bin/bash", BASH_ARGV, BASH_ENV, ok(0));
    l.processStarted(BASH, null, bashExec.timestampNs());
    l.exec(BASH, image(bashExec, "/usr/bin/bash", BASH_ARGV, BASH_ENV));
    event(l, BASH, bashExec);
    event(l, BASH, syscall(19663, "1795658720.345940", "access", "\"/etc/ld.so.preload\", R_OK", enoent(), 45_000));

    SyscallEvent clone = syscall(19663, "1795658720.362809", "clone", CLONE_ARGS, ok(19664), 182_000);
    l.processStarted(SH, new Spawn(BASH, 1, 19663, clone), clone.timestampNs());
    event(l, BASH, clone);
    shExec = execve(19664, "1795658720.365204", "/usr/bin/sh", List.of("sh", "-c", "exit 3"), SH_ENV, ok(0));
    l.exec(SH, image(shExec, "/usr/bin/sh", List.of("sh", "-c", "exit 3"), SH_ENV));
    event(l, SH, shExec);
    TraceEvent shExit = exited(19664, "1795658720.366509", 3);
    event(l, SH, shExit);
    l.taskEnded(SH, new ExitStatus.Exited(3), shExit.timestampNs());
    l.processEnded(SH, new ExitStatus.Exited(3), shExit.timestampNs());
    event(l, BASH, sigchld(19663, "1795658720.366664", 19664, 3));

    SyscallEvent clone2 = syscall(19663, "1795658720.366809", "clone", CLONE_ARGS, ok(19665), 153_000);
    l.processStarted(SUBSHELL, new Spawn(BASH, 1, 19663, clone2), clone2.timestampNs());
    event(l, BASH, clone2);
    SyscallEvent vfork = syscall(19665, "1795658720.367000", "vfork", "", ok(20483), 2_000_000);
    l.processStarted(TRUE, new Spawn(SUBSHELL, 3, 19665, vfork), vfork.timestampNs());
    event(l, SUBSHELL, vfork);
    List<String> trueArgv = List.of("true");
    SyscallEvent failed1 = execve(20483, "1795658720.367100", "/usr/local/sbin/true", trueArgv, SH_ENV, enoent());
    l.execFailed(TRUE, attempt(failed1, "/usr/local/sbin/true"));
    event(l, TRUE, failed1);
    SyscallEvent failed2 = execve(20483, "1795658720.367200", "/usr/local/bin/true", trueArgv, SH_ENV, enoent());
    l.execFailed(TRUE, attempt(failed2, "/usr/local/bin/true"));
    event(l, TRUE, failed2);
    trueExec = execve(20483, "1795658720.367300", "/usr/bin/true", trueArgv, SH_ENV, ok(0));
    l.exec(TRUE, image(trueExec, "/usr/bin/true", trueArgv, SH_ENV));
    event(l, TRUE, trueExec);
    SyscallEvent clone3 = syscall(20483, "1795658720.367400", "clone3",
        "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0}, 88",
        ok(20484), 60_000);
    l.threadStarted(TRUE_THREAD, new Spawn(TRUE, 4, 20483, clone3), clone3.timestampNs());
    event(l, TRUE, clone3);
    TraceEvent segv = killed(20483, "1795658720.368000", "SIGSEGV", true);
    event(l, TRUE, segv);
    l.taskEnded(TRUE_THREAD, new ExitStatus.Killed("SIGSEGV", true), segv.timestampNs());
    l.taskEnded(TRUE, new ExitStatus.Killed("SIGSEGV", true), segv.timestampNs());
    l.processEnded(TRUE, new ExitStatus.Killed("SIGSEGV", true), segv.timestampNs());
    TraceEvent subshellExit = exited(19665, "1795658720.369000", 0);
    event(l, SUBSHELL, subshellExit);
    l.taskEnded(SUBSHELL, new ExitStatus.Exited(0), subshellExit.timestampNs());
    l.processEnded(SUBSHELL, new ExitStatus.Exited(0), subshellExit.timestampNs());

    SyscallEvent clone4 = syscall(19663, "1795658720.370000", "clone", CLONE_ARGS, ok(19668), 150_000);
    l.processStarted(ENV, new Spawn(BASH, 1, 19663, clone4), clone4.timestampNs());
    event(l, BASH, clone4);
    envExec = execve(19668, "1795658720.370500", "/usr/bin/env", List.of("env", "true"), SH_ENV, ok(0));
    l.exec(ENV, image(envExec, "/usr/bin/env", List.of("env", "true"), SH_ENV));
    event(l, ENV, envExec);
    envTrueExec = execve(19668, "1795658720.371000", "/usr/bin/true", trueArgv, SH_ENV, ok(0));
    l.exec(ENV, image(envTrueExec, "/usr/bin/true", trueArgv, SH_ENV));
    event(l, ENV, envTrueExec);
    TraceEvent envExit = exited(19668, "1795658720.371200", 0);
    event(l, ENV, envExit);
    l.taskEnded(ENV, new ExitStatus.Exited(0), envExit.timestampNs());
    l.processEnded(ENV, new ExitStatus.Exited(0), envExit.timestampNs());

    TraceEvent bashExit = exited(19663, "1795658720.371837", 0);
    event(l, BASH, bashExit);
    l.taskEnded(BASH, new ExitStatus.Exited(0), bashExit.timestampNs());
    l.processEnded(BASH, new ExitStatus.Exited(0), bashExit.timestampNs());
    l.finished(new ProcessTree(List.of()));
  }

  static long first() {
    return ns("1795658720.345165");
  }

  static long last() {
    return ns("1795658720.371837");
  }

  private void event(ProcessListener l, Task task, TraceEvent event) {
    fed.add(new Fed(task, event));
    l.event(task, event);
  }
}
