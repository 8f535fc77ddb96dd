package dev.systrument.parser;

/**
 * The character classes of strace's tokens, by table: the framer, the fast argument decoder and
 * the renderer ask them for nearly every byte of a log, and a table lookup is cheaper there than
 * a chain of range compares. Bytes beyond ASCII belong to no class.
 */
final class TokenChars {
  private static final byte DIGIT = 1;
  private static final byte LETTER = 2;
  private static final byte UNDERSCORE = 4;
  private static final byte HEX_LETTER = 8;
  private static final byte[] CLASSES = new byte[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      CLASSES[c] = DIGIT;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      CLASSES[c] = LETTER;
      CLASSES[Character.toUpperCase(c)] = LETTER;
    }
    for (int c = 'a'; c <= 'f'; c++) {
      CLASSES[c] |= HEX_LETTER;
      CLASSES[Character.toUpperCase(c)] |= HEX_LETTER;
    }
    CLASSES['_'] = UNDERSCORE;
  }

  private TokenChars() {}

  static boolean isDigit(byte c) {
    return (CLASSES[c & 0xff] & DIGIT) != 0;
  }

  static boolean isHex(byte c) {
    return (CLASSES[c & 0xff] & (DIGIT | HEX_LETTER)) != 0;
  }

  /** {@code [A-Za-z0-9]} */
  static boolean isAlnum(byte c) {
    return (CLASSES[c & 0xff] & (DIGIT | LETTER)) != 0;
  }

  /** {@code [A-Za-z_]}: what a name starts with. */
  static boolean isIdentStart(byte c) {
    return (CLASSES[c & 0xff] & (LETTER | UNDERSCORE)) != 0;
  }

  /** {@code [A-Za-z0-9_]} */
  static boolean isIdentPart(byte c) {
    return (CLASSES[c & 0xff] & (DIGIT | LETTER | UNDERSCORE)) != 0;
  }
}
