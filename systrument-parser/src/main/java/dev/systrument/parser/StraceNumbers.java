package dev.systrument.parser;

/**
 * Numbers as strace prints them, parsed straight from bytes (no String on the hot path). Shared
 * by the hand-written framer and the grammar's builder so both read {@code 0644} or
 * {@code 1795658719.241275} the same way.
 */
final class StraceNumbers {
  private StraceNumbers() {}

  /** Returned by {@link #parseInteger} for text that is not a number or does not fit. */
  static final long INVALID = Long.MIN_VALUE;

  /**
   * {@code 42}, {@code -1}, {@code 0x7ffd} (hex), {@code 0644} (octal, a leading zero as in C).
   * Hex values above {@code Long.MAX_VALUE} wrap to their two's-complement value, as strace prints
   * 64-bit registers ({@code 0xffffffffffffffff} is -1).
   */
  static long parseInteger(byte[] b, int start, int end) {
    int p = start;
    boolean negative = false;
    if (p < end && b[p] == '-') {
      negative = true;
      p++;
    }
    if (p >= end) {
      return INVALID;
    }
    long v = 0;
    if (end - p > 2 && b[p] == '0' && (b[p + 1] == 'x' || b[p + 1] == 'X')) {
      p += 2;
      if (end - p > 16) {
        return INVALID;
      }
      for (; p < end; p++) {
        int d = Character.digit(b[p], 16);
        if (d < 0) {
          return INVALID;
        }
        v = (v << 4) | d;
      }
    } else if (end - p > 1 && b[p] == '0') {
      for (p++; p < end; p++) {
        int d = b[p] - '0';
        if (d < 0 || d > 7 || v > (Long.MAX_VALUE >>> 3)) {
          return INVALID;
        }
        v = (v << 3) | d;
      }
    } else {
      for (; p < end; p++) {
        int d = b[p] - '0';
        if (d < 0 || d > 9) {
          return INVALID;
        }
        if (v > (Long.MAX_VALUE - d) / 10) {
          return INVALID;
        }
        v = v * 10 + d;
      }
    }
    return negative ? -v : v;
  }

  /**
   * {@code SECONDS.FRACTION} to nanoseconds: {@code 1795658719.241275} (-ttt), {@code
   * 1795658719.953362110} (ns), {@code 0.000060} (a -T duration). Returns -1 when malformed.
   */
  static long parseSecondsNanos(byte[] b, int start, int end) {
    long seconds = 0;
    int p = start;
    for (; p < end && b[p] != '.'; p++) {
      int d = b[p] - '0';
      if (d < 0 || d > 9 || seconds > 9_000_000_000L) {
        return -1;
      }
      seconds = seconds * 10 + d;
    }
    if (p == start || seconds > MAX_SECONDS) {
      return -1; // 2262-04-11: the last second a long of nanoseconds since 1970 holds
    }
    return addFraction(seconds * 1_000_000_000L, b, p, end);
  }

  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

  /** {@code HH:MM:SS} or {@code HH:MM:SS.FRACTION} to nanoseconds since midnight; -1 if malformed. */
  static long parseTimeOfDayNanos(byte[] b, int start, int end) {
    if (end - start < 8 || b[start + 2] != ':' || b[start + 5] != ':') {
      return -1;
    }
    int h = twoDigits(b, start);
    int m = twoDigits(b, start + 3);
    int s = twoDigits(b, start + 6);
    if (h < 0 || m < 0 || s < 0) {
      return -1;
    }
    long base = ((h * 60L + m) * 60L + s) * 1_000_000_000L;
    return addFraction(base, b, start + 8, end);
  }

  private static long addFraction(long base, byte[] b, int p, int end) {
    if (p == end) {
      return base;
    }
    if (b[p] != '.' || end - p - 1 > 9 || end - p == 1) {
      return -1;
    }
    long frac = 0;
    int digits = 0;
    for (p++; p < end; p++, digits++) {
      int d = b[p] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      frac = frac * 10 + d;
    }
    for (; digits < 9; digits++) {
      frac *= 10;
    }
    return base > Long.MAX_VALUE - frac ? -1 : base + frac;
  }

  private static int twoDigits(byte[] b, int p) {
    int a = b[p] - '0';
    int c = b[p + 1] - '0';
    if (a < 0 || a > 9 || c < 0 || c > 9) {
      return -1;
    }
    return a * 10 + c;
  }
}
