package dev.systrument.model.process;

import dev.systrument.model.Arguments;
import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SourceLocation;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only builder of the events the reader would deliver for strace lines, shaped after real
 * lines of testdata/corpus (the comment above each factory quotes one). Timestamps are given in
 * microseconds, as strace prints them; each event gets the next line number of a pretend file.
 */
final class Events {
  private final TimeKind timeKind;
  private final List<TraceEvent> all = new ArrayList<>();
  private long line;

  Events(TimeKind timeKind) {
    this.timeKind = timeKind;
  }

  Events() {
    this(TimeKind.EPOCH);
  }

  /** Every event built so far, in build (= input) order. */
  List<TraceEvent> all() {
    return List.copyOf(all);
  }

  /** Forgets the events built so far (tests of what the tracker keeps alive). */
  void clear() {
    all.clear();
  }

  /** Feeds every event built so far to the tracker, in order. */
  void feed(ProcessTracker tracker) {
    all.forEach(tracker::accept);
  }

  private <T extends TraceEvent> T add(T event) {
    all.add(event);
    return event;
  }

  private SourceLocation next() {
    return new SourceLocation("test.strace", ++line);
  }

  static long ns(long us) {
    return us * 1_000L;
  }

  // --- generic -------------------------------------------------------------------------------

  SyscallEvent syscall(int pid, long us, String name, Arguments args, SyscallResult result) {
    return add(
        new SyscallEvent(
            pid, ns(us), timeKind, "", next(), name, args, result, SyscallEvent.NO_DURATION,
            TraceEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of()));
  }

  /** A call that never returned on this tid ({@code <unfinished ...>} with no resumed half). */
  SyscallEvent unfinished(int pid, long us, String name, Arguments args) {
    return add(
        new SyscallEvent(
            pid, ns(us), timeKind, "", next(), name, args, SyscallResult.NONE, SyscallEvent.NO_DURATION,
            TraceEvent.NO_TIMESTAMP, SyscallEvent.Completion.UNFINISHED, List.of()));
  }

  /** An ordinary call; its arguments are never decoded by the tracker. */
  SyscallEvent other(int pid, long us, String name) {
    return syscall(pid, us, name, Arguments.of("0x7f58e7b7cfe0, 0x20, 0, 0x53053053", List.of()), SyscallResult.of(0));
  }

  ExitEvent exited(int pid, long us, int code) {
    return add(new ExitEvent(pid, ns(us), timeKind, "", next(), code));
  }

  KilledEvent killed(int pid, long us, String signal, boolean core) {
    return add(new KilledEvent(pid, ns(us), timeKind, "", next(), signal, core));
  }

  SupersededEvent superseded(int leader, long us, int formerPid) {
    return add(new SupersededEvent(leader, ns(us), timeKind, "", next(), formerPid));
  }

  // 20482 1795658730.242017 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=20483, ...} ---
  SignalEvent sigchld(int pid, long us, int child) {
    String text = "si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=" + child + ", si_uid=0, si_status=0";
    return add(new SignalEvent(pid, ns(us), timeKind, "", next(), "SIGCHLD", Arguments.of(text, List.of()), false));
  }

  DiagnosticEvent diagnostic(int pid, long us, DiagnosticEvent.Kind kind, String text) {
    return add(new DiagnosticEvent(pid, ns(us), timeKind, "", next(), kind, text));
  }

  // --- spawns --------------------------------------------------------------------------------

  // 19501 1795658719.273105 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fd7d465ba10) = 19502 <0.000175>
  SyscallEvent clone(int pid, long us, int child, String... flags) {
    return clone(pid, us, SyscallResult.of(child), flagsValue(flags));
  }

  SyscallEvent clone(int pid, long us, SyscallResult result, Value flags) {
    String text = "child_stack=NULL, flags=" + flags.toText() + ", child_tidptr=0x7fd7d465ba10";
    List<Value> values =
        List.of(
            new Value.Named("child_stack", new Value.Sym("NULL")),
            new Value.Named("flags", flags),
            new Value.Named("child_tidptr", new Value.Num(0x7fd7d465ba10L, "0x7fd7d465ba10")));
    return syscall(pid, us, "clone", Arguments.of(text, values), result);
  }

  // 19980 1795658723.787405 clone3({flags=CLONE_VM|...|CLONE_THREAD|..., child_tid=0x7f023456d990, parent_tid=0x7f023456d990, exit_signal=0, stack=0x7f0233d6d000, stack_size=0x7fff80, tls=0x7f023456d6c0} => {parent_tid=[19981]}, 88) = 19981 <0.001567>
  SyscallEvent clone3(int pid, long us, int child, String... flags) {
    Value.Flags f = flagsValue(flags);
    Value.Struct before =
        new Value.Struct(
            List.of(
                new Value.Named("flags", f),
                new Value.Named("child_tid", new Value.Num(0x7f023456d990L, "0x7f023456d990")),
                new Value.Named("exit_signal", new Value.Num(0, "0")),
                new Value.Named("stack", new Value.Num(0x7f0233d6d000L, "0x7f0233d6d000"))));
    Value.Struct after =
        new Value.Struct(
            List.of(new Value.Named("parent_tid", new Value.Array(List.of(new Value.Num(child, Integer.toString(child)))))));
    String text = before.toText() + " => " + after.toText() + ", 88";
    List<Value> values = List.of(new Value.Changed(before, after), new Value.Num(88, "88"));
    return syscall(pid, us, "clone3", Arguments.of(text, values), SyscallResult.of(child));
  }

  // 20482 1795658730.230839 vfork()         = 20483 <0.007210>
  SyscallEvent vfork(int pid, long us, int child) {
    return syscall(pid, us, "vfork", Arguments.empty(), SyscallResult.of(child));
  }

  SyscallEvent fork(int pid, long us, int child) {
    return syscall(pid, us, "fork", Arguments.empty(), SyscallResult.of(child));
  }

  static Value.Flags flagsValue(String... names) {
    return new Value.Flags(Arrays.stream(names).<Value>map(Value.Sym::new).toList());
  }

  // --- execs ---------------------------------------------------------------------------------

  static final List<String> CORPUS_ENV =
      List.of(
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "HOME=/tmp/corpushome",
          "LANG=C.UTF-8",
          "TERM=dumb");

  // 20483 1795658730.237925 execve("/usr/bin/true", ["true"], ["PATH=/usr/local/sbin:...", "HOME=/tmp/corpushome", "LANG=C.UTF-8", "TERM=dumb"]) = 0 <0.002999>
  SyscallEvent execve(int pid, long us, String path, List<String> argv, SyscallResult result) {
    return syscall(pid, us, "execve", execArgs(path, argv, CORPUS_ENV), result);
  }

  SyscallEvent execveOk(int pid, long us, String path, String... argv) {
    return execve(pid, us, path, List.of(argv), SyscallResult.of(0));
  }

  // 20483 1795658730.237565 execve("/usr/local/sbin/true", ["true"], [...]) = -1 ENOENT (No such file or directory) <0.000078>
  SyscallEvent execveEnoent(int pid, long us, String path, String... argv) {
    return execve(pid, us, path, List.of(argv), SyscallResult.error("ENOENT", "No such file or directory"));
  }

  static Arguments execArgs(String path, List<String> argv, List<String> env) {
    Value.Array argvValue = new Value.Array(argv.stream().<Value>map(Value.Str::of).toList());
    Value envValue =
        env == null
            ? new Value.Commented(new Value.Num(0x7fff05689260L, "0x7fff05689260"), "4 vars")
            : new Value.Array(env.stream().<Value>map(Value.Str::of).toList());
    List<Value> values = List.of(Value.Str.of(path), argvValue, envValue);
    return Arguments.of(values.get(0).toText() + ", " + argvValue.toText() + ", " + envValue.toText(), values);
  }

  // 20173 1795658725.734641 exit_group(0)   = ?
  SyscallEvent exitGroup(int pid, long us, int code) {
    return syscall(pid, us, "exit_group", Arguments.of(Integer.toString(code), List.of()), SyscallResult.UNKNOWN);
  }

  // 20050 1795658724.103322 exit(0)         = ?
  SyscallEvent exit(int pid, long us, int code) {
    return syscall(pid, us, "exit", Arguments.of(Integer.toString(code), List.of()), SyscallResult.UNKNOWN);
  }
}
