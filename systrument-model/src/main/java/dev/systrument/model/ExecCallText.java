package dev.systrument.model;

import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import dev.systrument.model.value.Value.Str;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An exec call's argv and environment arguments shown under a {@link Redaction}, for everything
 * that shows the call as strace text or as argument annotations (the Perfetto writer's execve
 * slices and --logs lines, the OpenTelemetry log records), not only the structured argv and env of
 * an {@link dev.systrument.model.process.ExecImage}. {@code execve("/usr/bin/curl", ["curl", "-u",
 * "me:pw"], ["GITHUB_TOKEN=ghp_x"]) = 0} becomes {@code execve("/usr/bin/curl", ["curl", "-u",
 * "me:<redacted>"], ["GITHUB_TOKEN=<redacted>"]) = 0}.
 */
final class ExecCallText {
  private ExecCallText() {}

  /** Index of the argv argument of an exec syscall (the environment is the next one), or -1. */
  static int argvIndex(String syscall) {
    if (syscall.equals("execve")) {
      return 1;
    }
    if (syscall.equals("execveat")) {
      return 2;
    }
    return -1;
  }

  /**
   * An exec call's argv ({@code env} false) or environment ({@code env} true) argument under
   * {@code redaction}; {@code argument} itself when nothing is hidden. Strings are replaced in
   * their array ({@code [curl, -u, me:<redacted>]}); an environment that is not exported becomes
   * the text {@code [/* 12 vars, not exported * /]}; text the decoder could not take apart is
   * searched as free text; anything else (a pointer with {@code /* 3 vars * /}, NULL) holds no
   * secret.
   */
  static Value shown(Value argument, boolean env, Redaction redaction) {
    if (argument instanceof Value.Expr || argument instanceof Value.Unparsed) {
      String text = argument.toText();
      String shown = redaction.text(text);
      return shown.equals(text) ? argument : new Value.Expr(shown);
    }
    if (!(argument instanceof Value.Array array)) {
      return argument;
    }
    if (env && !redaction.exportsEnv()) {
      return new Value.Expr("[/* " + array.elements().size() + " vars, not exported */]");
    }
    List<Str> strings = new ArrayList<>(array.elements().size());
    for (Value e : array.elements()) {
      if (e instanceof Value.Str s) {
        strings.add(s);
      }
    }
    List<Str> shown = env ? envEntries(strings, redaction) : redaction.argv(strings);
    if (shown == strings) {
      return argument;
    }
    List<Value> elements = new ArrayList<>(array.elements().size());
    int next = 0;
    for (Value e : array.elements()) {
      elements.add(e instanceof Value.Str ? shown.get(next++) : e);
    }
    return new Value.Array(elements);
  }

  private static List<Str> envEntries(List<Str> entries, Redaction redaction) {
    List<Str> out = null;
    for (int i = 0; i < entries.size(); i++) {
      Str shown = redaction.envEntry(entries.get(i));
      if (shown != entries.get(i) && out == null) {
        out = new ArrayList<>(entries.subList(0, i));
      }
      if (out != null) {
        out.add(shown);
      }
    }
    return out == null ? entries : out;
  }

  /** An argument as strace prints it: strings quoted ({@code ["sh", "-c", "exit 3"]}), the rest as {@link Value#toText()}. */
  private static String quoted(Value argument) {
    if (!(argument instanceof Value.Array array)) {
      return argument.toText();
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < array.elements().size(); i++) {
      Value e = array.elements().get(i);
      if (i > 0) {
        sb.append(", ");
      }
      if (e instanceof Value.Str s) {
        quote(sb, s.bytes());
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
   * {@code call} with its argv and environment arguments hidden under {@code redaction}, in its
   * decoded values and in its text (other arguments keep strace's text); {@code call} itself when
   * it is no exec call or nothing changes. A call whose arguments do not have an exec's shape
   * (garbled, or not decodable) has its text searched as free text and decoded again from there.
   */
  static SyscallEvent redacted(SyscallEvent call, Redaction redaction) {
    int argvIndex = argvIndex(call.name());
    if (argvIndex < 0 || !redaction.enabled() && redaction.exportsEnv()) {
      return call;
    }
    List<Value> values;
    try {
      values = call.arguments().values();
    } catch (RuntimeException e) {
      return searchedAsText(call, redaction); // a decoder bug must not stop an export, nor show what it could not take apart
    }
    if (values.size() <= argvIndex || values.get(argvIndex) instanceof Value.Unparsed) {
      return searchedAsText(call, redaction);
    }
    List<Value> shownValues = null;
    for (int i = argvIndex; i <= argvIndex + 1 && i < values.size(); i++) {
      Value shown = shown(values.get(i), i > argvIndex, redaction);
      if (shown != values.get(i)) {
        if (shownValues == null) {
          shownValues = new ArrayList<>(values);
        }
        shownValues.set(i, shown);
      }
    }
    if (shownValues == null) {
      return call; // nothing hidden: most execs (the text is only split when something changes)
    }
    List<String> parts = splitTopLevel(call.arguments().text());
    if (parts.size() != values.size()) {
      parts = new ArrayList<>();
      for (Value v : values) {
        parts.add(v.toText());
      }
    }
    for (int i = argvIndex; i <= argvIndex + 1 && i < values.size(); i++) {
      if (shownValues.get(i) != values.get(i)) {
        parts.set(i, quoted(shownValues.get(i)));
      }
    }
    return withArguments(call, Arguments.of(String.join(", ", parts), shownValues));
  }

  private static SyscallEvent searchedAsText(SyscallEvent call, Redaction redaction) {
    String text = call.arguments().text();
    String shown = redaction.text(text);
    return shown.equals(text) ? call : withArguments(call, call.arguments().withText(shown));
  }

  private static SyscallEvent withArguments(SyscallEvent call, Arguments arguments) {
    return new SyscallEvent(
        call.pid(),
        call.timestampNs(),
        call.timeKind(),
        call.comm(),
        call.location(),
        call.name(),
        arguments,
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
  static List<String> splitTopLevel(String text) {
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
}
