package dev.systrument.perfetto;

import dev.systrument.model.Arguments;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SourceLocation;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds model events the way the parser would from real strace lines (this module may not use
 * the parser): every call site quotes the line it models.
 */
final class StraceEvents {
  private StraceEvents() {}

  static final SourceLocation LOG = new SourceLocation("test.strace", 1);

  /** {@code 1795658719.429269} → epoch ns. */
  static long ts(String seconds) {
    int dot = seconds.indexOf('.');
    String frac = (seconds.substring(dot + 1) + "000000000").substring(0, 9);
    return Long.parseLong(seconds.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
  }

  static long us(String seconds) {
    return ts(seconds);
  }

  static SyscallEvent call(
      int pid, String time, String name, List<Value> args, SyscallResult result, String duration) {
    return call(pid, time, "", name, args, result, duration);
  }

  static SyscallEvent call(
      int pid, String time, String comm, String name, List<Value> args, SyscallResult result, String duration) {
    return new SyscallEvent(
        pid,
        ts(time),
        TimeKind.EPOCH,
        comm,
        LOG,
        name,
        Arguments.of(text(args), args),
        result,
        duration == null ? SyscallEvent.NO_DURATION : ts(duration),
        SyscallEvent.NO_TIMESTAMP,
        result == SyscallResult.NONE ? SyscallEvent.Completion.UNFINISHED : SyscallEvent.Completion.COMPLETE,
        List.of());
  }

  static SignalEvent signal(int pid, String time, String signal, List<Value> siginfo) {
    return new SignalEvent(pid, ts(time), TimeKind.EPOCH, "", LOG, signal, Arguments.of(text(siginfo), siginfo), false);
  }

  static ExitEvent exited(int pid, String time, int code) {
    return new ExitEvent(pid, ts(time), TimeKind.EPOCH, "", LOG, code);
  }

  /** An execve call and the image the tracker derives from it. */
  static ExecImage image(SyscallEvent execve) {
    List<Value> args = execve.arguments().values();
    Value.Str path = (Value.Str) args.get(0);
    List<Value.Str> argv = strings(args.get(1));
    List<Value.Str> env = args.get(2) instanceof Value.Array ? strings(args.get(2)) : List.of();
    return new ExecImage(path, argv, env, args.get(2) instanceof Value.Array, execve.timestampNs(), execve.pid());
  }

  static SyscallEvent execve(int pid, String time, String path, List<String> argv, List<String> env, SyscallResult result, String duration) {
    List<Value> envValue = new ArrayList<>();
    for (String e : env) {
      envValue.add(Value.Str.of(e));
    }
    return call(pid, time, "execve", List.of(str(path), strArray(argv), new Value.Array(envValue)), result, duration);
  }

  static Value.Str str(String s) {
    return Value.Str.of(s);
  }

  static Value.Array strArray(List<String> items) {
    List<Value> values = new ArrayList<>();
    for (String s : items) {
      values.add(Value.Str.of(s));
    }
    return new Value.Array(values);
  }

  static Value sym(String name) {
    return new Value.Sym(name);
  }

  static Value num(long n) {
    return new Value.Num(n, Long.toString(n));
  }

  static Value hex(String text) {
    return new Value.Num(Long.parseUnsignedLong(text.substring(2), 16), text);
  }

  static Value fd(int fd, String path) {
    return new Value.Annotated(num(fd), path);
  }

  static Value flags(String... names) {
    List<Value> parts = new ArrayList<>();
    for (String n : names) {
      parts.add(sym(n));
    }
    return new Value.Flags(parts);
  }

  static Value named(String name, Value value) {
    return new Value.Named(name, value);
  }

  static SyscallResult ok(long value) {
    return SyscallResult.of(value);
  }

  static SyscallResult fdResult(int fd, String path) {
    return new SyscallResult(fd + "<" + path + ">", fd, true, "", "", path);
  }

  static SyscallResult enoent() {
    return SyscallResult.error("ENOENT", "No such file or directory");
  }

  private static List<Value.Str> strings(Value array) {
    List<Value.Str> out = new ArrayList<>();
    for (Value v : ((Value.Array) array).elements()) {
      out.add((Value.Str) v);
    }
    return out;
  }

  private static String text(List<Value> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(straceText(args.get(i)));
    }
    return sb.toString();
  }

  /** Strings quoted, as strace prints them (enough for the strings of these scenarios). */
  private static String straceText(Value v) {
    if (v instanceof Value.Str s) {
      return '"' + s.text().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    if (v instanceof Value.Array a) {
      List<String> parts = new ArrayList<>();
      a.elements().forEach(e -> parts.add(straceText(e)));
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Value.Named n) {
      return n.name() + "=" + straceText(n.value());
    }
    return v.toText();
  }
}
