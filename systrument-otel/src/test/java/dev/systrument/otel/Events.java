package dev.systrument.otel;

import dev.systrument.model.Arguments;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SourceLocation;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecAttempt;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.value.Value.Str;
import java.math.BigDecimal;
import java.util.List;

/**
 * Model events as a reader would deliver them for real strace lines (the tracker is not on this
 * branch, so tests drive {@code ProcessListener} with these in the documented order).
 */
final class Events {
  private Events() {}

  static final String SOURCE = "w02-nested-exit.B-record.strace";
  private static long line;

  /** {@code 1795658720.362809} (seconds with -ttt digits) as epoch nanoseconds. */
  static long ns(String seconds) {
    return new BigDecimal(seconds).movePointRight(9).longValueExact();
  }

  static SourceLocation next() {
    return new SourceLocation(SOURCE, ++line);
  }

  /** {@code 19663 1795658720.362809 clone(child_stack=NULL, ...) = 19664 <0.000182>}. */
  static SyscallEvent syscall(int pid, String ts, String name, String args, SyscallResult result, long durationNs) {
    return new SyscallEvent(pid, ns(ts), TimeKind.EPOCH, "", next(), name, Arguments.of(args, List.of()), result,
        durationNs, TraceEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of());
  }

  static SyscallEvent execve(int pid, String ts, String path, List<String> argv, List<String> env, SyscallResult result) {
    StringBuilder args = new StringBuilder("\"").append(path).append("\", [");
    for (int i = 0; i < argv.size(); i++) {
      args.append(i == 0 ? "" : ", ").append('"').append(argv.get(i).replace("\"", "\\\"")).append('"');
    }
    args.append("], [");
    for (int i = 0; i < env.size(); i++) {
      args.append(i == 0 ? "" : ", ").append('"').append(env.get(i)).append('"');
    }
    args.append(']');
    return syscall(pid, ts, "execve", args.toString(), result, 359_000);
  }

  static ExecImage image(SyscallEvent execve, String path, List<String> argv, List<String> env) {
    return new ExecImage(Str.of(path), strs(argv), strs(env), true, execve.timestampNs(), execve.pid());
  }

  static ExecAttempt attempt(SyscallEvent execve, String path) {
    return new ExecAttempt(Str.of(path), execve.result().errno(), execve.timestampNs(), execve.pid());
  }

  static ExitEvent exited(int pid, String ts, int code) {
    return new ExitEvent(pid, ns(ts), TimeKind.EPOCH, "", next(), code);
  }

  static KilledEvent killed(int pid, String ts, String signal, boolean core) {
    return new KilledEvent(pid, ns(ts), TimeKind.EPOCH, "", next(), signal, core);
  }

  /** {@code 19663 ... --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=19664, ...} ---}. */
  static SignalEvent sigchld(int pid, String ts, int childPid, int status) {
    String info = "si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=" + childPid + ", si_uid=0, si_status=" + status
        + ", si_utime=0, si_stime=0";
    return new SignalEvent(pid, ns(ts), TimeKind.EPOCH, "", next(), "SIGCHLD", Arguments.of(info, List.of()), false);
  }

  static SyscallResult ok(long value) {
    return SyscallResult.of(value);
  }

  static SyscallResult enoent() {
    return SyscallResult.error("ENOENT", "No such file or directory");
  }

  private static List<Str> strs(List<String> texts) {
    return texts.stream().map(Str::of).toList();
  }
}
