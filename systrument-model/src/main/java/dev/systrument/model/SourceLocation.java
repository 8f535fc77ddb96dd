package dev.systrument.model;

/**
 * Where a record starts: the input's name (a file path, {@code <stdin>}, or a {@code -ff} member
 * file) and its 1-based physical line number.
 */
public record SourceLocation(String source, long line) {
  public SourceLocation {
    if (source == null) {
      throw new NullPointerException("source");
    }
  }

  @Override
  public String toString() {
    return source + ":" + line;
  }
}
