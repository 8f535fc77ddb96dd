package dev.systrument.model;

import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps secrets out of everything that shows an exec's environment as strace text: the {@code env}
 * argument of an {@code execve}/{@code execveat} call and its strace line, for every exporter (the
 * Perfetto writer's execve slices and --logs lines, the OpenTelemetry log records), not only the
 * structured env of an {@link dev.systrument.model.process.ExecImage}. {@code execve("/bin/sh", ["sh"], ["GITHUB_TOKEN=ghp_x"]) = 0}
 * becomes {@code [GITHUB_TOKEN=<redacted>]}
 * (rendered like {@link Value.Array#toText()}).
 */
public final class ExecEnv {
  private ExecEnv() {}

  /** Index of the environment argument of an exec syscall, or -1 for other syscalls. */
  public static int envArgumentIndex(String syscall) {
    if (syscall.equals("execve")) {
      return 2;
    }
    if (syscall.equals("execveat")) {
      return 3;
    }
    return -1;
  }

  /** The env argument's text under {@code redaction}, strings unquoted like {@link Value#toText()}. */
  public static String redactedText(Value env, EnvRedaction redaction) {
    return redactedText(env, redaction, false);
  }

  /**
   * The env argument's text under {@code redaction}; {@code quoted} writes strings the way strace
   * prints them ({@code "HOME=/root"}), for strace lines.
   */
  public static String redactedText(Value env, EnvRedaction redaction, boolean quoted) {
    if (!(env instanceof Value.Array array)) {
      return env.toText(); // a pointer with /* N vars */: nothing secret in it
    }
    if (redaction == EnvRedaction.NONE) {
      return "[/* " + array.elements().size() + " vars, not exported */]";
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < array.elements().size(); i++) {
      Value e = array.elements().get(i);
      if (i > 0) {
        sb.append(", ");
      }
      if (e instanceof Value.Str s) {
        byte[] bytes = s.bytes();
        int eq = indexOf(bytes, (byte) '=');
        if (eq >= 0) {
          String name = Utf8Text.decode(Arrays.copyOf(bytes, eq));
          if (redaction == EnvRedaction.REDACTED && EnvRedaction.looksSecret(name)) {
            byte[] value = EnvRedaction.REDACTED_VALUE.getBytes(StandardCharsets.UTF_8);
            bytes = Arrays.copyOf(bytes, eq + 1 + value.length);
            System.arraycopy(value, 0, bytes, eq + 1, value.length);
          }
        }
        if (quoted) {
          quote(sb, bytes);
        } else {
          sb.append(Utf8Text.decode(bytes));
        }
        if (s.truncated()) {
          sb.append("...");
        }
      } else {
        sb.append(e.toText());
      }
    }
    return sb.append(']').toString();
  }

  /**
   * {@code "a\"b\n"}: strace's C-style quoting of ASCII; non-ASCII runs as UTF-8 text (invalid
   * bytes as {@code \xHH}, see {@link Utf8Text}).
   */
  private static void quote(StringBuilder sb, byte[] bytes) {
    sb.append('"');
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xff;
      if (b >= 0x80) {
        int end = i;
        while (end < bytes.length && (bytes[end] & 0xff) >= 0x80) {
          end++;
        }
        sb.append(Utf8Text.decode(Arrays.copyOfRange(bytes, i, end)));
        i = end;
        continue;
      }
      switch (b) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (b < 0x20 || b == 0x7f) {
            sb.append('\\').append(Integer.toOctalString(b));
          } else {
            sb.append((char) b);
          }
        }
      }
      i++;
    }
    sb.append('"');
  }

  /**
   * {@code call} with its env argument redacted, for rendering its strace line; {@code call}
   * itself when nothing needs hiding.
   */
  public static SyscallEvent redacted(SyscallEvent call, EnvRedaction redaction) {
    int index = envArgumentIndex(call.name());
    if (index < 0 || redaction == EnvRedaction.ALL) {
      return call;
    }
    List<Value> values;
    try {
      values = call.arguments().values();
    } catch (RuntimeException e) {
      return call; // a decoder bug must not stop an export; the line is then shown as printed
    }
    if ( values.size() <= index || !(values.get(index) instanceof Value.Array)) {
      return call;
    }
    // Keep strace's own text for every other argument; only the env array is rewritten.
    List<String> parts = splitTopLevel(call.arguments().text());
    if (parts.size() != values.size()) {
      parts = new ArrayList<>();
      for (Value v : values) {
        parts.add(v.toText());
      }
    }
    parts.set(index, redactedText(values.get(index), redaction, true));
    return new SyscallEvent(
        call.pid(),
        call.timestampNs(),
        call.timeKind(),
        call.comm(),
        call.location(),
        call.name(),
        Arguments.of(String.join(", ", parts), values),
        call.result(),
        call.durationNs(),
        call.resumedTimestampNs(),
        call.completion(),
        call.stack());
  }

  /**
   * Splits strace's argument text at top-level commas: {@code "/bin/sh", ["sh", "-c", "a, b"],
   * 0x7ffd /* 3 vars * /} gives three parts. Quotes (with backslash escapes), brackets, braces,
   * parentheses and comments nest.
   */
  public static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '[', '{', '(' -> depth++;
        case ']', '}', ')' -> depth--;
        case '/' -> {
          if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
            int close = text.indexOf("*/", i + 2);
            i = close < 0 ? text.length() : close + 1;
          }
        }
        case ',' -> {
          if (depth == 0) {
            parts.add(text.substring(start, i).trim());
            start = i + 1;
          }
        }
        default -> {}
      }
    }
    String last = text.substring(start).trim();
    if (!last.isEmpty() || !parts.isEmpty()) {
      parts.add(last);
    }
    return parts;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
