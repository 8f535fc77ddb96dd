package dev.systrument.model.process;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.value.Value;
import java.util.List;

/**
 * The clone flags that decide where a child goes ({@code CLONE_THREAD}, {@code CLONE_PARENT}) and
 * what it shares with its caller ({@code CLONE_FILES}, {@code CLONE_FS}), read from a spawn call's
 * decoded arguments:
 *
 * <pre>
 * clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fd7d465ba10) = 19502
 * clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|..., exit_signal=0, ...} => {parent_tid=[19981]}, 88) = 19981
 * vfork() = 20483
 * </pre>
 *
 * <p>Tolerant of shape: the flags may be a {@link Value.Flags} of symbols and numbers, a single
 * {@link Value.Sym}, a raw {@link Value.Num} ({@code flags=0x3d0f00}), or text the decoder could
 * not parse; when no {@code flags} value is found at all, the argument text is scanned for the
 * flag names as whole words.
 */
final class SpawnFlags {
  static final int THREAD = 1;
  static final int PARENT = 2;
  /** {@code CLONE_FILES}: the child shares the caller's file descriptor table. */
  static final int FILES = 4;
  /** {@code CLONE_FS}: the child shares the caller's working directory (and root, umask). */
  static final int FS = 8;

  // Kernel values (include/uapi/linux/sched.h), for flags printed as numbers.
  private static final long CLONE_THREAD = 0x00010000L;
  private static final long CLONE_PARENT = 0x00008000L;
  private static final long CLONE_FILES = 0x00000400L;
  private static final long CLONE_FS = 0x00000200L;

  private SpawnFlags() {}

  /** {@link #THREAD}, {@link #PARENT}, {@link #FILES} and {@link #FS} bits of a spawn call; 0 for fork/vfork. */
  static int of(SyscallEvent call) {
    String name = call.name();
    if (name.equals("fork") || name.equals("vfork")) {
      return 0;
    }
    List<Value> args = call.arguments().values();
    Value flags = null;
    if (name.equals("clone3")) {
      // The struct comes first; with the kernel's write-back strace prints it as {...} => {...}.
      if (!args.isEmpty()) {
        flags = namedField(args.get(0), "flags");
      }
    } else {
      for (Value arg : args) {
        flags = namedField(arg, "flags");
        if (flags != null) {
          break;
        }
      }
    }
    if (flags != null) {
      return bits(flags);
    }
    return wordBits(call.arguments().text());
  }

  /** The value of a {@code name=...} found at top level or directly inside a struct. */
  private static Value namedField(Value v, String name) {
    if (v instanceof Value.Named n) {
      return n.name().equals(name) ? n.value() : null;
    }
    if (v instanceof Value.Struct s) {
      return s.get(name);
    }
    if (v instanceof Value.Changed c) {
      Value before = namedField(c.before(), name);
      return before != null ? before : namedField(c.after(), name);
    }
    if (v instanceof Value.Annotated a) {
      return namedField(a.value(), name);
    }
    if (v instanceof Value.Commented c) {
      return namedField(c.value(), name);
    }
    return null;
  }

  private static int bits(Value v) {
    if (v instanceof Value.Flags f) {
      int bits = 0;
      for (Value part : f.parts()) {
        bits |= bits(part);
      }
      return bits;
    }
    if (v instanceof Value.Sym s) {
      return symbolBits(s.name());
    }
    if (v instanceof Value.Num n) {
      return ((n.value() & CLONE_THREAD) != 0 ? THREAD : 0)
          | ((n.value() & CLONE_PARENT) != 0 ? PARENT : 0)
          | ((n.value() & CLONE_FILES) != 0 ? FILES : 0)
          | ((n.value() & CLONE_FS) != 0 ? FS : 0);
    }
    if (v instanceof Value.Annotated a) {
      return bits(a.value());
    }
    if (v instanceof Value.Commented c) {
      return bits(c.value());
    }
    if (v instanceof Value.Changed c) {
      return bits(c.before());
    }
    if (v instanceof Value.Named n) {
      return bits(n.value());
    }
    if (v instanceof Value.Alternatives a) {
      int bits = 0;
      for (Value option : a.options()) {
        bits |= bits(option);
      }
      return bits;
    }
    // Expr, Unparsed, anything else: look for the names in the text.
    return wordBits(v.toText());
  }

  private static int symbolBits(String name) {
    if (name.equals("CLONE_THREAD")) {
      return THREAD;
    }
    if (name.equals("CLONE_PARENT")) {
      return PARENT;
    }
    if (name.equals("CLONE_FILES")) {
      return FILES;
    }
    if (name.equals("CLONE_FS")) {
      return FS;
    }
    return 0;
  }

  /** Scans text for the CLONE_ names above as whole words (not CLONE_PARENT_SETTID). */
  static int wordBits(String text) {
    int bits = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isWordChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isWordChar(text.charAt(i))) {
        i++;
      }
      bits |= symbolBits(text.substring(start, i));
    }
    return bits;
  }

  private static boolean isWordChar(char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
