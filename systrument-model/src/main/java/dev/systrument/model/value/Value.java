package dev.systrument.model.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded strace value: an argument, a struct field, an array element, a result annotation.
 *
 * <p>The variants follow what strace prints; {@link #toText()} renders a value back in a readable
 * strace-like form (strings as UTF-8 with invalid bytes as {@code \xHH}). All variants are
 * immutable records with value equality.
 */
public sealed interface Value {

  /** A readable rendering, close to what strace printed. */
  String toText();

  /**
   * {@code "abc\n"}: a C string decoded to BYTES (strace strings are bytes, not text). {@code
   * truncated} is true for {@code "abc"...} (strace cut it at {@code -s}).
   */
  record Str(byte[] bytes, boolean truncated) implements Value {
    public Str {
      bytes = bytes.clone();
    }

    public static Str of(String utf8) {
      return new Str(utf8.getBytes(StandardCharsets.UTF_8), false);
    }

    /** The bytes; a copy. */
    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    public int length() {
      return bytes.length;
    }

    /**
     * The bytes as UTF-8, each byte of an invalid sequence written as {@code \xHH}, plus a
     * trailing {@code ...} when strace truncated the string.
     */
    public String text() {
      String s = Utf8Text.decode(bytes);
      return truncated ? s + "..." : s;
    }

    @Override
    public String toText() {
      return text();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Str other && truncated == other.truncated && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(bytes) + Boolean.hashCode(truncated);
    }

    @Override
    public String toString() {
      return "Str[" + text() + "]";
    }
  }

  /**
   * A number as printed ({@code 42}, {@code -1}, {@code 0x7ffd}, {@code 0644}). {@code value} is
   * its two's-complement 64-bit value (so {@code 0xffffffffffffffff} is -1).
   */
  record Num(long value, String text) implements Value {
    @Override
    public String toText() {
      return text;
    }
  }

  /** A named constant: {@code O_RDONLY}, {@code NULL}, {@code AT_FDCWD}, {@code SIGCHLD}. */
  record Sym(String name) implements Value {
    @Override
    public String toText() {
      return name;
    }
  }

  /** {@code O_RDONLY|O_CLOEXEC}: or-ed flags; each part is usually a {@link Sym} or {@link Num}. */
  record Flags(List<Value> parts) implements Value {
    public Flags {
      parts = List.copyOf(parts);
    }

    @Override
    public String toText() {
      return join(parts, "|");
    }
  }

  /**
   * Arithmetic or logical expression kept as text: {@code 1<<20}, {@code 0x5*02/4}, {@code
   * WIFEXITED(s) && WEXITSTATUS(s) == 0}.
   */
  record Expr(String text) implements Value {
    @Override
    public String toText() {
      return text;
    }
  }

  /** A macro call: {@code makedev(0x1, 0x9)}, {@code htons(80)}. */
  record Call(String function, List<Value> args) implements Value {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public String toText() {
      return function + "(" + join(args, ", ") + ")";
    }
  }

  /**
   * {@code {st_mode=S_IFREG|0644, st_size=34983, ...}}: fields in order; named ones are {@link
   * Named}, unnamed ones plain values, a trailing {@code ...} an {@link Ellipsis}.
   */
  record Struct(List<Value> fields) implements Value {
    public Struct {
      fields = List.copyOf(fields);
    }

    /** The value of the first field with that name, or null. */
    public Value get(String name) {
      for (Value f : fields) {
        if (f instanceof Named n && n.name().equals(name)) {
          return n.value();
        }
      }
      return null;
    }

    @Override
    public String toText() {
      return "{" + join(fields, ", ") + "}";
    }
  }

  /**
   * {@code name=value}: a struct field, or a named top-level argument as strace prints for {@code
   * clone(child_stack=NULL, flags=CLONE_VM|SIGCHLD, ...)}.
   */
  record Named(String name, Value value) implements Value {
    @Override
    public String toText() {
      return name + "=" + value.toText();
    }
  }

  /** {@code ["bash", "-c", ...]}: an array; a trailing {@code ...} is an {@link Ellipsis} element. */
  record Array(List<Value> elements) implements Value {
    public Array {
      elements = List.copyOf(elements);
    }

    /** True when strace cut the list short (last element is {@code ...}). */
    public boolean truncated() {
      return !elements.isEmpty() && elements.get(elements.size() - 1) instanceof Ellipsis;
    }

    @Override
    public String toText() {
      return "[" + join(elements, ", ") + "]";
    }
  }

  /** {@code [CHLD TERM]} or {@code ~[RTMIN RT_1]}: a signal or CPU set (space separated). */
  record BitSet(List<Value> members, boolean complement) implements Value {
    public BitSet {
      members = List.copyOf(members);
    }

    @Override
    public String toText() {
      return (complement ? "~[" : "[") + join(members, " ") + "]";
    }
  }

  /** {@code [VINTR]=0x3} inside a sparse array. */
  record Indexed(Value index, Value value) implements Value {
    @Override
    public String toText() {
      return "[" + index.toText() + "]=" + value.toText();
    }
  }

  /**
   * A value followed by what {@code -y}/{@code -yy}/{@code -Y} print in angle brackets: {@code
   * 3</etc/ld.so.cache>} (annotation {@code /etc/ld.so.cache}), {@code 3</dev/urandom<char 1:9>>},
   * {@code 16<UNIX-STREAM:[1->2]>}, {@code 18276<bash>}. The annotation is kept as printed, minus
   * the outer brackets; {@code (deleted)} stays part of it.
   */
  record Annotated(Value value, String annotation) implements Value {
    @Override
    public String toText() {
      return value.toText() + "<" + annotation + ">";
    }
  }

  /** {@code a => b}: a value changed by the call (e.g. an in/out length). */
  record Changed(Value before, Value after) implements Value {
    @Override
    public String toText() {
      return before.toText() + " => " + after.toText();
    }
  }

  /** {@code A or B}: strace could not decide between alternatives. */
  record Alternatives(List<Value> options) implements Value {
    public Alternatives {
      options = List.copyOf(options);
    }

    @Override
    public String toText() {
      return join(options, " or ");
    }
  }

  /** A value followed by a C comment, e.g. {@code 0x7ffd} then the comment {@code 35 vars}. */
  record Commented(Value value, String comment) implements Value {
    @Override
    public String toText() {
      return value.toText() + " /* " + comment + " */";
    }
  }

  /** {@code ...}: strace left something out (end of a list, of a struct, of a string list). */
  record Ellipsis() implements Value {
    @Override
    public String toText() {
      return "...";
    }
  }

  /** Text the decoder could not make sense of, with the reason. Never thrown, always returned. */
  record Unparsed(String text, String reason) implements Value {
    @Override
    public String toText() {
      return text;
    }
  }

  private static String join(List<? extends Value> values, String separator) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(separator);
      }
      sb.append(values.get(i).toText());
    }
    return sb.toString();
  }
}
