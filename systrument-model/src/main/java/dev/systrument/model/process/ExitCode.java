package dev.systrument.model.process;

import dev.systrument.model.Arguments;

/**
 * The status argument of {@code exit_group(3) = ?} / {@code exit(0) = ?}, read from the raw text
 * (no decoding: a plain decimal number, occasionally hex). The kernel keeps the low 8 bits.
 */
final class ExitCode {
  private ExitCode() {}

  /** The exit code as the parent sees it (0..255), or -1 when the text is not a number. */
  static int parse(Arguments arguments) {
    String text = arguments.text().trim();
    int comma = text.indexOf(',');
    if (comma >= 0) {
      text = text.substring(0, comma).trim();
    }
    try {
      long value;
      if (text.startsWith("0x") || text.startsWith("0X")) {
        value = Long.parseUnsignedLong(text.substring(2), 16);
      } else {
        value = Long.parseLong(text);
      }
      return (int) (value & 0xff);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
