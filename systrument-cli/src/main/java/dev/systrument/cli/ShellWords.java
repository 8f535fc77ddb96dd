package dev.systrument.cli;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An argv written as a shell user would type it, for every place the CLI shows one (the tree's
 * lines, record's summary): {@code sh -c 'ls /'}, not {@code sh -c ls /}.
 */
final class ShellWords {
  private ShellWords() {}

  /** The words joined by spaces, each quoted where a shell would need it. */
  static String join(List<String> argv) {
    return argv.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }

  /** {@code ls} stays {@code ls}; {@code ls /tmp/a b} becomes {@code 'ls /tmp/a b'}. */
  static String quote(String s) {
    if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) {
      return s;
    }
    return "'" + controlCharsEscaped(s.replace("'", "'\\''")) + "'";
  }

  /**
   * One line per process, even for {@code python3 -c 'import threading\ndef work(i): ...'}:
   * control characters are written as strace writes them ({@code \n}, {@code \t}, {@code \x1b}).
   */
  private static String controlCharsEscaped(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != 0x7f) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> sb.append(String.format("\\x%02x", (int) c));
      }
    }
    return sb == null ? s : sb.toString();
  }
}
