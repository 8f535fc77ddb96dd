package dev.systrument.model.process;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.value.Value;
import dev.systrument.model.value.Value.Str;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of an {@code execve}/{@code execveat} call:
 *
 * <pre>
 * execve("/usr/bin/true", ["true"], ["PATH=/usr/local/sbin:...", "HOME=/tmp/corpushome"]) = 0        (-v)
 * execve("/usr/bin/bash", ["bash", "-c", "echo hi | tr a-z A-Z | wc -c; ls"...], 0x7fff05689260 /* 4 vars *&#47;) = 0
 * execveat(AT_FDCWD, "/usr/bin/true", ["true"], NULL, 0) = 0
 * </pre>
 *
 * @param path the file name, or null when the call's text holds none (an orphaned
 *     {@code <... execve resumed>) = 0} printed under the leader after a superseding exec)
 * @param argv arguments; a list strace cut short ends with {@code ...}
 * @param env environment strings when printed as an array ({@code -v}), else empty
 * @param envKnown whether the environment was printed
 */
record ExecCall(Str path, List<Str> argv, List<Str> env, boolean envKnown) {
  static final Str ELLIPSIS = Str.of("...");

  static ExecCall decode(SyscallEvent call) {
    List<Value> args = call.arguments().values();
    int first = call.name().equals("execveat") ? 1 : 0;
    Str path = args.size() > first ? asStr(args.get(first)) : null;
    List<Str> argv = args.size() > first + 1 ? strings(args.get(first + 1)) : null;
    List<Str> env = args.size() > first + 2 ? strings(args.get(first + 2)) : null;
    return new ExecCall(path, argv == null ? List.of() : argv, env == null ? List.of() : env, env != null);
  }

  /** The string a value stands for, seen through annotations and comments; null if not a string. */
  private static Str asStr(Value v) {
    if (v instanceof Str s) {
      return s;
    }
    if (v instanceof Value.Annotated a) {
      return asStr(a.value());
    }
    if (v instanceof Value.Commented c) {
      return asStr(c.value());
    }
    if (v instanceof Value.Named n) {
      return asStr(n.value());
    }
    return null;
  }

  /** An array of strings ({@code ...} for a cut list); null when the value is not an array. */
  private static List<Str> strings(Value v) {
    if (v instanceof Value.Commented c) {
      return strings(c.value());
    }
    if (!(v instanceof Value.Array array)) {
      return null; // NULL, or a pointer with a "/* 4 vars */" comment (no -v)
    }
    List<Str> out = new ArrayList<>(array.elements().size());
    for (Value e : array.elements()) {
      Str s = asStr(e);
      if (s != null) {
        out.add(s);
      } else if (e instanceof Value.Ellipsis) {
        out.add(ELLIPSIS);
      } else {
        out.add(Str.of(e.toText()));
      }
    }
    return out;
  }
}
