package dev.systrument.perfetto;

import dev.systrument.model.Arguments;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.process.ExecAttempt;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random listener call sequences that respect {@link ProcessListener}'s order contract: processes
 * and threads spawned with the clone reported before or after the child's first lines, execs and
 * failed execs, syscalls whose timestamps overlap by the microsecond (as {@code -ttt -T} rounding
 * makes them) or never finish, signals, exits and kills, leaders ending before their threads, and
 * tasks still running when the log ends. Pids are never reused (the checker warns on reuse).
 */
final class RandomListenerCalls {
  private static final String[] SYSCALLS = {"read", "write", "openat", "close", "mmap", "futex", "wait4", "newfstatat", "brk"};
  private static final String[] PROGRAMS = {"/usr/bin/make", "/usr/bin/gcc", "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "/bin/sh", "/usr/bin/ld"};
  private static final String[] SIGNALS = {"SIGCHLD", "SIGTERM", "SIGPIPE", "SIGSTOP"};

  private final Random random;
  private final ProcessListener l;
  private long clock = 1_795_658_719_000_000_000L;
  private long nextTaskKey = 1;
  private long nextProcessKey = 1;
  private int nextPid = 1000;
  private final List<Sim> live = new ArrayList<>();

  int processesStarted;
  int tasksStarted;

  private static final class Proc {
    final long key;
    final int pid;
    Task leader;
    int liveTasks;
    ExitStatus leaderStatus;

    Proc(long key, int pid) {
      this.key = key;
      this.pid = pid;
    }
  }

  private static final class Sim {
    final Task task;
    final Proc proc;
    long lastEnd;

    Sim(Task task, Proc proc, long start) {
      this.task = task;
      this.proc = proc;
      this.lastEnd = start;
    }
  }

  RandomListenerCalls(long seed, ProcessListener listener) {
    this.random = new Random(seed);
    this.l = listener;
  }

  void run(int steps) {
    Sim root = newProcess();
    l.processStarted(root.task, null, clock);
    exec(root);
    for (int i = 0; i < steps && !live.isEmpty(); i++) {
      Sim s = live.get(random.nextInt(live.size()));
      int action = random.nextInt(100);
      if (action < 45) {
        syscall(s);
      } else if (action < 57) {
        spawnProcess(s);
      } else if (action < 63) {
        spawnThread(s);
      } else if (action < 73) {
        if (s.task.isLeader()) {
          exec(s);
        } else {
          failedExec(s);
        }
      } else if (action < 80) {
        failedExec(s);
      } else if (action < 88) {
        signal(s);
      } else if (live.size() > 1 || random.nextInt(4) == 0) {
        end(s, true);
      }
    }
    // End of log: every task still running ends with an unknown status, threads first.
    for (Sim s : new ArrayList<>(live)) {
      if (!s.task.isLeader()) {
        end(s, false);
      }
    }
    for (Sim s : new ArrayList<>(live)) {
      end(s, false);
    }
    l.finished(new ProcessTree(List.of()));
  }

  private Sim newProcess() {
    Proc proc = new Proc(nextProcessKey++, nextPid++);
    Task leader = new Task(nextTaskKey++, proc.key, proc.pid, proc.pid);
    proc.leader = leader;
    return register(leader, proc);
  }

  private Sim register(Task task, Proc proc) {
    Sim s = new Sim(task, proc, clock);
    proc.liveTasks++;
    live.add(s);
    tasksStarted++;
    if (task.isLeader()) {
      processesStarted++;
    }
    return s;
  }

  /** The start of s's next call: after its previous one, or 1 µs before its end (rounding). */
  private long nextStart(Sim s) {
    long start = Math.max(clock, s.lastEnd) + random.nextInt(20) * 1_000L;
    if (random.nextInt(5) == 0 && s.lastEnd > 1_000) {
      start = s.lastEnd - 1_000;
    }
    return start;
  }

  private SyscallEvent call(Sim s, long start, String name, List<Value> args, SyscallResult result, long duration) {
    clock = Math.max(clock, start + Math.max(duration, 0));
    s.lastEnd = Math.max(s.lastEnd, start + Math.max(duration, 0));
    return new SyscallEvent(
        s.task.tid(), start, TimeKind.EPOCH, random.nextBoolean() ? "" : "comm" + s.task.tid(), StraceEvents.LOG, name,
        Arguments.of(args.toString(), args), result, duration, SyscallEvent.NO_TIMESTAMP,
        result == SyscallResult.NONE ? SyscallEvent.Completion.UNFINISHED : SyscallEvent.Completion.COMPLETE, List.of());
  }

  private void syscall(Sim s) {
    String name = SYSCALLS[random.nextInt(SYSCALLS.length)];
    int kind = random.nextInt(10);
    SyscallResult result = kind == 0 ? SyscallResult.NONE : kind == 1 ? StraceEvents.enoent() : StraceEvents.fdResult(3, "/tmp/f" + random.nextInt(3));
    long duration = kind == 0 ? SyscallEvent.NO_DURATION : random.nextInt(3) == 0 ? 0 : random.nextInt(50) * 1_000L;
    List<Value> args = List.of(StraceEvents.fd(3, "/tmp/f"), StraceEvents.num(random.nextInt(4096)));
    l.event(s.task, call(s, nextStart(s), name, args, result, duration));
  }

  private void spawnProcess(Sim caller) {
    long start = nextStart(caller);
    clock = Math.max(clock, start);
    Sim child = newProcess();
    String name = new String[] {"clone", "fork", "vfork", "clone3"}[random.nextInt(4)];
    if (random.nextInt(3) == 0) {
      // The child's lines come before the parent's "<... clone resumed> = pid".
      clock += 5_000;
      child.lastEnd = clock;
      l.processStarted(child.task, null, clock);
      for (int i = random.nextInt(4); i > 0; i--) {
        if (random.nextBoolean()) {
          syscall(child);
        } else {
          failedExec(child);
        }
      }
      SyscallEvent spawn = call(caller, start, name, List.of(), SyscallResult.of(child.task.pid()), clock - start + 1_000);
      l.parentFound(child.task, new Spawn(caller.task, caller.proc.key, caller.proc.pid, spawn));
      l.event(caller.task, spawn);
    } else {
      SyscallEvent spawn = call(caller, start, name, List.of(), SyscallResult.of(child.task.pid()), random.nextInt(200) * 1_000L);
      child.lastEnd = spawn.endTimestampNs();
      l.processStarted(child.task, new Spawn(caller.task, caller.proc.key, caller.proc.pid, spawn), spawn.endTimestampNs());
      l.event(caller.task, spawn);
    }
  }

  private void spawnThread(Sim caller) {
    long start = nextStart(caller);
    Task thread = new Task(nextTaskKey++, caller.proc.key, caller.proc.pid, nextPid++);
    SyscallEvent spawn = call(caller, start, "clone3", List.of(), SyscallResult.of(thread.tid()), random.nextInt(100) * 1_000L);
    Sim s = register(thread, caller.proc);
    s.lastEnd = spawn.endTimestampNs();
    l.threadStarted(thread, new Spawn(caller.task, caller.proc.key, caller.proc.pid, spawn), spawn.endTimestampNs());
    l.event(caller.task, spawn);
  }

  private void exec(Sim leader) {
    String path = PROGRAMS[random.nextInt(PROGRAMS.length)];
    List<String> env = List.of("PATH=/usr/bin", "API_KEY=k" + random.nextInt(100));
    SyscallEvent execve = StraceEvents.execve(leader.task.tid(), "0.0", path, List.of(path.substring(path.lastIndexOf('/') + 1), "-c"), env, SyscallResult.of(0), null);
    execve = call(leader, nextStart(leader), "execve", execve.arguments().values(), SyscallResult.of(0), random.nextInt(500) * 1_000L);
    ExecImage image = StraceEvents.image(execve);
    l.exec(leader.task, image);
    l.event(leader.task, execve);
  }

  private void failedExec(Sim s) {
    SyscallEvent execve = StraceEvents.execve(s.task.tid(), "0.0", "/nope/true", List.of("true"), List.of("A=1"), StraceEvents.enoent(), null);
    execve = call(s, nextStart(s), "execve", execve.arguments().values(), StraceEvents.enoent(), random.nextInt(80) * 1_000L);
    l.execFailed(s.task, new ExecAttempt(Value.Str.of("/nope/true"), "ENOENT", execve.timestampNs(), s.task.tid()));
    l.event(s.task, execve);
  }

  private void signal(Sim s) {
    String signal = SIGNALS[random.nextInt(SIGNALS.length)];
    clock += random.nextInt(10) * 1_000L;
    List<Value> info = List.of(StraceEvents.named("si_signo", StraceEvents.sym(signal)), StraceEvents.named("si_pid", StraceEvents.num(1)));
    boolean stopped = signal.equals("SIGSTOP");
    l.event(s.task, new SignalEvent(s.task.tid(), clock, TimeKind.EPOCH, "", StraceEvents.LOG, signal,
        stopped ? Arguments.empty() : Arguments.of("si_signo=" + signal + ", si_pid=1", info), stopped));
  }

  private void end(Sim s, boolean seen) {
    clock = Math.max(clock, s.lastEnd) + random.nextInt(10) * 1_000L;
    ExitStatus status = ExitStatus.UNKNOWN;
    if (seen) {
      if (random.nextInt(4) == 0) {
        status = new ExitStatus.Killed("SIGKILL", random.nextBoolean());
        l.event(s.task, new KilledEvent(s.task.tid(), clock, TimeKind.EPOCH, "", StraceEvents.LOG, "SIGKILL", ((ExitStatus.Killed) status).coreDumped()));
      } else {
        status = new ExitStatus.Exited(random.nextInt(3));
        l.event(s.task, new ExitEvent(s.task.tid(), clock, TimeKind.EPOCH, "", StraceEvents.LOG, ((ExitStatus.Exited) status).code()));
      }
    }
    live.remove(s);
    l.taskEnded(s.task, status, clock);
    if (s.task.isLeader()) {
      s.proc.leaderStatus = status;
    }
    if (--s.proc.liveTasks == 0) {
      l.processEnded(s.proc.leader, s.proc.leaderStatus == null ? ExitStatus.UNKNOWN : s.proc.leaderStatus, clock);
    }
  }
}
