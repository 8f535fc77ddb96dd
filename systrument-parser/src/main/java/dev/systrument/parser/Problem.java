package dev.systrument.parser;

/**
 * Something in the input the reader could not accept. Reading goes on after a problem; the
 * problem says where and why, in terms of the strace text.
 *
 * @param source input name (file path, {@code <stdin>}, a -ff member)
 * @param line 1-based physical line
 * @param column 1-based byte column in that line
 * @param message what was wrong, e.g. {@code unexpected end of line, expected ')'}
 * @param lineText the offending line as read (bytes as UTF-8, invalid bytes as {@code \xHH})
 */
public record Problem(String source, long line, int column, String message, String lineText) {

  /** {@code source:line:column: message}, then the line, then a caret under the column. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(source).append(':').append(line).append(':').append(column).append(": ").append(message);
    sb.append('\n').append(lineText).append('\n');
    int caret = Math.max(0, Math.min(column - 1, lineText.length()));
    for (int i = 0; i < caret; i++) {
      // keep tabs so the caret lines up in a terminal
      sb.append(lineText.charAt(i) == '\t' ? '\t' : ' ');
    }
    sb.append('^');
    return sb.toString();
  }
}
