package dev.systrument.cli;

/**
 * A number with its noun, in English: {@code 1 process}, {@code 2 processes}, {@code 0 problems}.
 * Every count a summary line prints goes through here, so none says {@code 1 processes}.
 */
final class Count {
  private Count() {}

  /** {@code of(1, "syscall slice")} is {@code 1 syscall slice}; other numbers add an s. */
  static String of(long n, String singular) {
    return of(n, singular, singular + "s");
  }

  static String of(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
