package dev.systrument.parser;

/**
 * Something in the input the reader could not accept. Reading goes on after a problem; the
 * problem says where and why, in terms of the strace text.
 *
 * @param source input name (file path, {@code <stdin>}, a -ff member)
 * @param line 1-based physical line
 * @param column 1-based byte column in that line
 * @param message what was wrong, e.g. {@code unexpected end of line, expected ')'}
 * @param lineText the offending line as a person should see it: UTF-8, with invalid bytes and
 *     control characters as {@code \xHH} (a log must not send escape sequences to the terminal
 *     that shows the problem), and a line longer than {@value #EXCERPT_BYTES} bytes cut to that
 *     many around the column, with {@code ...} where it was cut
 * @param caret 1-based position in {@code lineText} of the character at {@code column}
 */
public record Problem(String source, long line, int column, String message, String lineText, int caret) {
  /** Most bytes of the line shown in {@link #lineText()}: a 64 MB line must not be printed whole. */
  static final int EXCERPT_BYTES = 200;

  /** The problem at byte {@code column} of the line {@code b[start, end)}, with its excerpt. */
  static Problem of(String source, long line, int column, String message, byte[] b, int start, int end) {
    int at = start + Math.max(0, column - 1); // the byte under the caret (may be the line's end)
    int from = start;
    int to = end;
    if (end - start > EXCERPT_BYTES) {
      from = Math.max(start, Math.min(at - EXCERPT_BYTES / 2, end - EXCERPT_BYTES));
      to = Math.min(end, from + EXCERPT_BYTES);
    }
    StringBuilder text = new StringBuilder(to - from + 8);
    if (from > start) {
      text.append("...");
    }
    int caret = -1;
    for (int i = from; i < to; ) {
      if (i >= at && caret < 0) {
        caret = text.length() + 1;
      }
      int n = validSequence(b, i, to);
      if (n == 0) {
        appendEscaped(text, b[i]);
        i++;
      } else if (n == 1) {
        text.append((char) b[i]);
        i++;
      } else {
        text.append(new String(b, i, n, java.nio.charset.StandardCharsets.UTF_8));
        i += n;
      }
    }
    if (caret < 0) {
      caret = text.length() + 1;
    }
    if (to < end) {
      text.append("...");
    }
    return new Problem(source, line, column, message, text.toString(), caret);
  }

  /** The same problem in another input name (the CLI names inputs as the user typed them). */
  public Problem withSource(String name) {
    return new Problem(name, line, column, message, lineText, caret);
  }

  /** {@code source:line:column: message}, then the line, then a caret under the column. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(source).append(':').append(line).append(':').append(column).append(": ").append(message);
    sb.append('\n').append(lineText).append('\n');
    int indent = Math.max(0, Math.min(caret - 1, lineText.length()));
    for (int i = 0; i < indent; i++) {
      // keep tabs so the caret lines up in a terminal
      sb.append(lineText.charAt(i) == '\t' ? '\t' : ' ');
    }
    sb.append('^');
    return sb.toString();
  }

  /**
   * The length of the printable UTF-8 sequence at {@code b[i]}: 1 for printable ASCII and tab, 2-4
   * for a well-formed multi-byte character that is not a C1 control, 0 for anything to escape.
   */
  private static int validSequence(byte[] b, int i, int end) {
    int c = b[i] & 0xff;
    if (c < 0x80) {
      return (c >= 0x20 && c != 0x7f) || c == '\t' ? 1 : 0;
    }
    int n;
    int lo = 0x80;
    int hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
      if (c == 0xc2 && i + 1 < end && (b[i + 1] & 0xff) < 0xa0) {
        return 0; // U+0080..U+009F: C1 controls (0x9b is a CSI in some terminals)
      }
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      lo = c == 0xe0 ? 0xa0 : 0x80; // no overlong forms
      hi = c == 0xed ? 0x9f : 0xbf; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      lo = c == 0xf0 ? 0x90 : 0x80;
      hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    int second = b[i + 1] & 0xff;
    if (second < lo || second > hi) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      int next = b[i + k] & 0xff;
      if (next < 0x80 || next > 0xbf) {
        return 0;
      }
    }
    return n;
  }

  private static void appendEscaped(StringBuilder text, byte b) {
    int v = b & 0xff;
    text.append('\\').append('x').append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
  }
}
