package dev.systrument.parser;

import static dev.systrument.parser.TokenChars.isAlnum;
import static dev.systrument.parser.TokenChars.isDigit;
import static dev.systrument.parser.TokenChars.isIdentPart;
import static dev.systrument.parser.TokenChars.isIdentStart;

import dev.systrument.parser.FramedLine.Clock;
import dev.systrument.parser.FramedLine.End;
import dev.systrument.parser.FramedLine.Kind;

/**
 * The reader's hot path: splits one line into prefix, timestamp, kind, syscall name, argument
 * range, result and duration by walking the bytes once, without ANTLR and without allocating.
 *
 * <p>It recognises the same lines as the grammar's {@code line} rule (LineFramerDifferentialTest checks
 * this on every corpus line) but is deliberately incomplete: whenever something looks unusual it
 * returns false and the reader asks the grammar instead. It also does not validate the argument
 * text (it only finds where the arguments end); that happens when they are decoded.
 */
final class LineFramer {

  private static final byte[] STRACE = bytes("strace: ");
  private static final byte[] PROCESS = bytes("strace: Process ");
  private static final byte[] ATTACHED = bytes(" attached");
  private static final byte[] DETACHED = bytes(" detached");
  private static final byte[] PERSONALITY = bytes("[ Process PID=");
  private static final byte[] RUNS_IN = bytes(" runs in ");
  private static final byte[] BRACKET_PID = bytes("[pid");
  private static final byte[] UNFINISHED = bytes("<unfinished ...>");
  private static final byte[] DETACHED_MARK = bytes("<detached ...>");
  private static final byte[] RESUMED_OPEN = bytes("<... ");
  private static final byte[] RESUMED_CLOSE = bytes(" resumed>");
  private static final byte[] PID_CHANGED = bytes("<pid changed to ");
  private static final byte[] PID_CHANGED_CLOSE = bytes(" ...>");
  private static final byte[] SIGNAL_OPEN = bytes("--- ");
  private static final byte[] STOPPED_BY = bytes("--- stopped by ");
  private static final byte[] SIGNAL_CLOSE = bytes("---");
  private static final byte[] EXITED_WITH = bytes("+++ exited with ");
  private static final byte[] KILLED_BY = bytes("+++ killed by ");
  private static final byte[] SUPERSEDED_BY = bytes("+++ superseded by execve in pid ");
  private static final byte[] CORE_DUMPED = bytes("(core dumped)");
  private static final byte[] EXIT_CLOSE = bytes("+++");

  /** Frames {@code b[start, end)} (no line terminator) into {@code out}; false: ask the grammar. */
  boolean frame(byte[] b, int start, int end, FramedLine out) {
    out.reset(b, start, end);
    int p = skipSpaces(b, start, end);
    if (p == end) {
      return false;
    }
    // ` > /lib/x86_64-linux-gnu/libc.so.6(_exit+0x29) [0xd4409]` (-k)
    if (b[p] == '>' && p + 1 < end && b[p + 1] == ' ') {
      out.kind = Kind.STACK;
      out.textStart = p + 2;
      out.textEnd = end;
      return true;
    }
    boolean prefixed = false;
    if (b[p] == '[' && startsWith(b, p, end, BRACKET_PID)) {
      p = framePrefix(b, p + BRACKET_PID.length, end, out, true);
      if (p < 0) {
        return false;
      }
      prefixed = true;
    } else if (isDigit(b[p])) {
      int d = digitsEnd(b, p, end); // a pid, or the timestamp of an unprefixed line
      if (d < end && (b[d] == ' ' || b[d] == '<')) {
        p = framePrefix(b, p, end, out, false);
        if (p < 0) {
          return false;
        }
        prefixed = true;
      }
    }
    p = skipSpaces(b, p, end);
    boolean timed = false;
    if (p < end && isDigit(b[p])) {
      out.clockStart = p;
      int t = secondsTimestampEnd(b, p, end, out);
      if (t > 0) {
        timed = true;
        p = skipRelativeDelta(b, skipSpaces(b, t, end), end);
        return frameRecord(b, p, end, out, prefixed, timed);
      }
      t = p;
      while (t < end && b[t] != ' ') {
        t++;
      }
      int d = digitsEnd(b, p, end);
      if (d < t && b[d] == ':') {
        out.clock = Clock.TIME_OF_DAY;
        out.clockNs = StraceNumbers.parseTimeOfDayNanos(b, p, t);
      } else if (d < t && b[d] == '.') {
        out.clock = Clock.SECONDS;
        out.clockNs = StraceNumbers.parseSecondsNanos(b, p, t);
      } else if (!prefixed) {
        return frameContinuation(b, p, end, out);
      } else {
        return false;
      }
      if (out.clockNs < 0) {
        return false;
      }
      timed = true;
      p = skipRelativeDelta(b, skipSpaces(b, t, end), end);
    }
    return frameRecord(b, p, end, out, prefixed, timed);
  }

  /**
   * {@code (+     0.000228) } after the absolute time of a log written with {@code -r} and
   * {@code -t}/{@code -tt}/{@code -ttt}: skipped, the absolute time is the one kept. Returns where
   * the record starts ({@code p} itself when there is no delta).
   */
  private static int skipRelativeDelta(byte[] b, int p, int end) {
    if (p + 1 >= end || b[p] != '(' || b[p + 1] != '+') {
      return p;
    }
    int d = skipSpaces(b, p + 2, end);
    int digits = digitsEnd(b, d, end);
    if (digits == d || digits >= end || b[digits] != '.') {
      return p;
    }
    int fraction = digitsEnd(b, digits + 1, end);
    if (fraction == digits + 1 || fraction >= end || b[fraction] != ')') {
      return p;
    }
    return skipSpaces(b, fraction + 1, end);
  }

  /** What follows the prefix and the timestamp: a call, a resumed call, a signal, an exit, ... */
  private static boolean frameRecord(byte[] b, int p, int end, FramedLine out, boolean prefixed, boolean timed) {
    if (p == end) {
      return false;
    }
    byte c = b[p];
    if (c == '<' && startsWith(b, p, end, RESUMED_OPEN)) {
      return frameResumed(b, p, end, out);
    }
    if (c == '-' && startsWith(b, p, end, SIGNAL_OPEN)) {
      return frameSignal(b, p, end, out);
    }
    if (c == '+' && startsWith(b, p, end, EXIT_CLOSE)) {
      return frameExit(b, p, end, out);
    }
    if (c == 's' && startsWith(b, p, end, STRACE)) {
      return frameMessage(b, p, end, out);
    }
    if (c == '[' && startsWith(b, p, end, PERSONALITY)) {
      int d = digitsEnd(b, p + PERSONALITY.length, end);
      if (d == p + PERSONALITY.length || !startsWith(b, d, end, RUNS_IN)) {
        return false;
      }
      out.kind = Kind.PERSONALITY;
      out.number = StraceNumbers.parseInteger(b, p + PERSONALITY.length, d);
      out.textStart = p;
      out.textEnd = end;
      return true;
    }
    if (isIdentStart(c)) {
      int n = identEnd(b, p, end);
      if (n < end && b[n] == '(') {
        out.kind = Kind.SYSCALL;
        out.nameStart = p;
        out.nameEnd = n;
        return frameArgumentsAndEnd(b, n + 1, end, out, true);
      }
    }
    if (prefixed || timed) {
      return false;
    }
    return frameContinuation(b, p, end, out);
  }

  /**
   * The common timestamp, {@code 1795658719.241275 } (-ttt, or 9 digits with ns), read in one
   * pass: sets the clock and returns the index of the space after it; 0 when it is anything else
   * (then the general code below reads it, with the same result where this one answers).
   */
  private static int secondsTimestampEnd(byte[] b, int p, int end, FramedLine out) {
    if (p + 17 < end && b[p + 10] == '.' && b[p + 17] == ' ') {
      // -ttt as strace prints it, 10 digits, a dot and 6: no digit tests against `end`, one range
      // test for all (a byte that is no digit makes `bad` negative)
      int bad = 0;
      long seconds = 0;
      for (int i = p; i < p + 10; i++) {
        int digit = b[i] - '0';
        bad |= digit | (9 - digit);
        seconds = seconds * 10 + digit;
      }
      long micros = 0;
      for (int i = p + 11; i < p + 17; i++) {
        int digit = b[i] - '0';
        bad |= digit | (9 - digit);
        micros = micros * 10 + digit;
      }
      if (bad >= 0 && seconds <= 9_000_000_000L) {
        out.clock = Clock.SECONDS;
        out.clockNs = seconds * 1_000_000_000L + micros * 1_000L;
        return p + 17;
      }
    }
    long seconds = 0;
    int d = p;
    while (d < end && isDigit(b[d])) {
      seconds = seconds * 10 + (b[d] - '0');
      d++;
    }
    if (d - p > 10 || d >= end || b[d] != '.') {
      return 0;
    }
    long fraction = 0;
    int f = d + 1;
    while (f < end && isDigit(b[f])) {
      fraction = fraction * 10 + (b[f] - '0');
      f++;
    }
    int digits = f - d - 1;
    if (digits == 0 || digits > 9 || f >= end || b[f] != ' ' || seconds > 9_000_000_000L) {
      return 0;
    }
    for (int i = digits; i < 9; i++) {
      fraction *= 10;
    }
    out.clock = Clock.SECONDS;
    out.clockNs = seconds * 1_000_000_000L + fraction;
    return f;
  }

  /** After `[pid` or at the first digit: `19501 `, `19615<bash> `, `[pid  7<GC Thread#0>] `. */
  private static int framePrefix(byte[] b, int p, int end, FramedLine out, boolean bracket) {
    if (bracket) {
      if (p >= end || b[p] != ' ') {
        return -1;
      }
      p = skipSpaces(b, p, end);
    }
    int pid = 0;
    int d = p;
    while (d < end && isDigit(b[d])) {
      pid = pid * 10 + (b[d] - '0');
      d++;
    }
    if (d == p || d - p > 9) {
      return -1;
    }
    // a leading zero would make it octal to the grammar's number rule; strace never prints one
    out.pid = b[p] == '0' && d - p > 1 ? (int) StraceNumbers.parseInteger(b, p, d) : pid;
    p = d;
    if (p < end && b[p] == '<') {
      int close = skipAnnotation(b, p, end);
      if (close < 0) {
        return -1;
      }
      out.commStart = p + 1;
      out.commEnd = close - 1;
      p = close;
    }
    if (bracket) {
      p = skipSpaces(b, p, end);
      if (p >= end || b[p] != ']') {
        return -1;
      }
      p++;
      out.bracketPrefix = true;
    }
    if (p >= end || b[p] != ' ') {
      return -1;
    }
    return p;
  }

  private static boolean frameContinuation(byte[] b, int p, int end, FramedLine out) {
    out.kind = Kind.CONTINUATION;
    if (p < end && b[p] == ',') {
      p++;
    }
    return frameArgumentsAndEnd(b, p, end, out, false);
  }

  private static boolean frameResumed(byte[] b, int p, int end, FramedLine out) {
    int nameStart = p + RESUMED_OPEN.length;
    int n = nameStart;
    while (n < end && isIdentPart(b[n])) {
      n++;
    }
    if (n == nameStart || !startsWith(b, n, end, RESUMED_CLOSE)) {
      return false;
    }
    out.kind = Kind.RESUMED;
    out.nameStart = nameStart;
    out.nameEnd = n;
    p = skipSpaces(b, n + RESUMED_CLOSE.length, end);
    if (startsWith(b, p, end, PID_CHANGED)) {
      p = framePidChanged(b, p, end, out);
      if (p < 0) {
        return false;
      }
      p = skipSpaces(b, p, end);
    }
    if (p < end && b[p] == ',') {
      p++;
    }
    return frameArgumentsAndEnd(b, p, end, out, false);
  }

  private static int framePidChanged(byte[] b, int p, int end, FramedLine out) {
    int d0 = p + PID_CHANGED.length;
    int d = digitsEnd(b, d0, end);
    if (d == d0 || !startsWith(b, d, end, PID_CHANGED_CLOSE)) {
      return -1;
    }
    out.pidChangedTo = (int) StraceNumbers.parseInteger(b, d0, d);
    return d + PID_CHANGED_CLOSE.length;
  }

  /**
   * From the first argument byte: finds where the arguments end and frames what follows, which
   * is `) = result <duration>`, `<unfinished ...>`, `<detached ...>`, or (syscall lines only)
   * nothing at all when the line was torn.
   */
  private static boolean frameArgumentsAndEnd(byte[] b, int p, int end, FramedLine out, boolean mayBeTorn) {
    int last = trimEnd(b, p, end);
    if (!endsWithDotsMarker(b, p, last)) {
      return frameArgumentsAndResult(b, p, end, out, mayBeTorn);
    }
    boolean unfinished = endsWith(b, p, last, UNFINISHED);
    if (unfinished || endsWith(b, p, last, DETACHED_MARK)) {
      int marker = last - (unfinished ? UNFINISHED.length : DETACHED_MARK.length);
      out.end = unfinished ? End.UNFINISHED : End.DETACHED;
      setArguments(b, p, marker, out);
      // the text before the marker must still be complete arguments (no stray ')')
      return scanArguments(b, p, marker) == -1;
    }
    if (endsWith(b, p, last, PID_CHANGED_CLOSE)) {
      // `execve(...) <pid changed to 1234 ...>`: unfinished, resumed under the new pid
      int marker = last - 1;
      while (marker > p && b[marker] != '<') {
        marker--;
      }
      if (startsWith(b, marker, last, PID_CHANGED) && framePidChanged(b, marker, last, out) == last) {
        out.end = End.UNFINISHED;
        setArguments(b, p, marker, out);
        return scanArguments(b, p, marker) == -1;
      }
    }
    return frameArgumentsAndResult(b, p, end, out, mayBeTorn);
  }

  /** {@link #frameArgumentsAndEnd} for a line without an end marker: `) = result`, or torn. */
  private static boolean frameArgumentsAndResult(byte[] b, int p, int end, FramedLine out, boolean mayBeTorn) {
    int close = scanArguments(b, p, end);
    if (close == -2) {
      return false;
    }
    if (close == -1) {
      if (!mayBeTorn) {
        return false;
      }
      out.end = End.TORN;
      setArguments(b, p, end, out);
      return true;
    }
    out.end = End.RETURNED;
    setArguments(b, p, close, out);
    return frameResult(b, close + 1, end, out);
  }

  /** Whether {@code b[start, last)} ends in {@code ...>}, as every end marker does (a duration ends in a digit and {@code >}). */
  private static boolean endsWithDotsMarker(byte[] b, int start, int last) {
    return last - start >= 4 && b[last - 1] == '>' && b[last - 2] == '.';
  }

  private static void setArguments(byte[] b, int start, int end, FramedLine out) {
    int s = skipSpaces(b, start, end);
    int e = trimEnd(b, s, end);
    // a dangling comma before `<unfinished ...>` separates arguments; it is not part of them
    if (e > s && b[e - 1] == ',') {
      e = trimEnd(b, s, e - 1);
    }
    out.argsStart = s;
    out.argsEnd = e;
  }

  /** `) = -1 ENOENT (No such file or directory) <0.000038>`, from just after the `)`. */
  private static boolean frameResult(byte[] b, int p, int end, FramedLine out) {
    p = skipSpaces(b, p, end);
    if (p < end && b[p] == '<' && startsWith(b, p, end, PID_CHANGED)) {
      p = framePidChanged(b, p, end, out);
      if (p < 0) {
        return false;
      }
      p = skipSpaces(b, p, end);
    }
    if (p >= end || b[p] != '=') {
      return false;
    }
    p = skipSpaces(b, p + 1, end);
    if (p >= end) {
      return false;
    }
    out.resultStart = p;
    if (b[p] == '?') {
      out.resultKnown = false;
      p++;
    } else {
      int v = p;
      if (b[v] == '-') {
        v++;
      }
      int e = v;
      while (e < end && isAlnum(b[e])) {
        e++;
      }
      if (e == v || !isDigit(b[v])) {
        return false;
      }
      long value = StraceNumbers.parseInteger(b, p, e);
      if (value == StraceNumbers.INVALID) {
        return false;
      }
      out.resultKnown = true;
      out.resultValue = value;
      p = e;
    }
    int resultEnd = p;
    int q = skipSpaces(b, p, end);
    int durationAfterResult = q < end && b[q] == '<' ? durationEnd(b, q, end, out) : -1;
    if (q < end && b[q] == '<' && durationAfterResult < 0) {
      int close = skipAnnotation(b, q, end);
      if (close < 0) {
        return false;
      }
      out.annotationStart = q + 1;
      out.annotationEnd = close - 1;
      resultEnd = close;
      q = skipSpaces(b, close, end);
    }
    if (q < end && isIdentStart(b[q])) {
      int e = identEnd(b, q, end);
      out.errnoStart = q;
      out.errnoEnd = e;
      resultEnd = e;
      q = skipSpaces(b, e, end);
    }
    if (q < end && b[q] == '(') {
      int close = scanArguments(b, q + 1, end);
      if (close < 0) {
        return false;
      }
      out.detailStart = q + 1;
      out.detailEnd = close;
      resultEnd = close + 1;
      q = skipSpaces(b, close + 1, end);
    }
    out.resultEnd = resultEnd;
    if (q < end && b[q] == '<') {
      // usually read already, right after the result
      int e = durationAfterResult >= 0 ? durationAfterResult : durationEnd(b, q, end, out); // (q has not moved then)
      if (e < 0 || out.durationNs < 0) {
        return false;
      }
      q = skipSpaces(b, e, end);
    }
    return q == end;
  }

  /**
   * `<0.000060>` at p: the index after `>`, or -1 when there is none; when there is, its value in
   * {@code out.durationNs} (-1 if malformed: more than 9 fraction digits, seconds out of range),
   * read in the same pass, as {@link StraceNumbers#parseSecondsNanos} reads it.
   */
  private static int durationEnd(byte[] b, int p, int end, FramedLine out) {
    long seconds = 0;
    boolean secondsValid = true;
    int d = p + 1;
    while (d < end && isDigit(b[d])) {
      if (seconds > 9_000_000_000L) {
        secondsValid = false;
      }
      seconds = seconds * 10 + (b[d] - '0');
      d++;
    }
    if (d == p + 1 || d >= end || b[d] != '.') {
      return -1;
    }
    long fraction = 0;
    int f = d + 1;
    while (f < end && isDigit(b[f])) {
      fraction = fraction * 10 + (b[f] - '0');
      f++;
    }
    if (f == d + 1 || f >= end || b[f] != '>') {
      return -1;
    }
    int digits = f - d - 1;
    if (!secondsValid || digits > 9) {
      out.durationNs = -1;
    } else {
      for (int i = digits; i < 9; i++) {
        fraction *= 10;
      }
      out.durationNs = seconds * 1_000_000_000L + fraction;
    }
    return f + 1;
  }

  private static boolean frameSignal(byte[] b, int p, int end, FramedLine out) {
    int last = trimEnd(b, p, end);
    if (!endsWith(b, p, last, SIGNAL_CLOSE)) {
      return false;
    }
    int closeMark = last - SIGNAL_CLOSE.length;
    boolean stopped = startsWith(b, p, end, STOPPED_BY);
    int s = p + (stopped ? STOPPED_BY.length : SIGNAL_OPEN.length);
    int e = s;
    while (e < end && isIdentPart(b[e])) {
      e++;
    }
    if (e == s) {
      return false;
    }
    out.nameStart = s;
    out.nameEnd = e;
    int q = skipSpaces(b, e, end);
    if (stopped) {
      out.kind = Kind.STOPPED;
      return q == closeMark;
    }
    int lastBrace = trimEnd(b, q, closeMark);
    if (q >= end || b[q] != '{' || lastBrace <= q || b[lastBrace - 1] != '}') {
      return false;
    }
    if (scanArguments(b, q + 1, lastBrace - 1) != -1) {
      return false;
    }
    out.kind = Kind.SIGNAL;
    out.argsStart = skipSpaces(b, q + 1, lastBrace - 1);
    out.argsEnd = trimEnd(b, out.argsStart, lastBrace - 1);
    return true;
  }

  private static boolean frameExit(byte[] b, int p, int end, FramedLine out) {
    int last = trimEnd(b, p, end);
    if (!endsWith(b, p, last, EXIT_CLOSE) || last - p < 7) {
      return false;
    }
    int closeMark = trimEnd(b, p, last - EXIT_CLOSE.length);
    if (startsWith(b, p, end, EXITED_WITH) || startsWith(b, p, end, SUPERSEDED_BY)) {
      boolean exited = startsWith(b, p, end, EXITED_WITH);
      int s = p + (exited ? EXITED_WITH.length : SUPERSEDED_BY.length);
      int d = digitsEnd(b, s, end);
      if (d == s || d != closeMark || d - s > 9) {
        return false;
      }
      out.kind = exited ? Kind.EXITED : Kind.SUPERSEDED;
      out.number = StraceNumbers.parseInteger(b, s, d);
      return out.number != StraceNumbers.INVALID;
    }
    if (startsWith(b, p, end, KILLED_BY)) {
      int s = p + KILLED_BY.length;
      int e = s;
      while (e < end && isIdentPart(b[e])) {
        e++;
      }
      if (e == s) {
        return false;
      }
      out.kind = Kind.KILLED;
      out.nameStart = s;
      out.nameEnd = e;
      int q = skipSpaces(b, e, end);
      if (startsWith(b, q, end, CORE_DUMPED)) {
        out.coreDumped = true;
        q = skipSpaces(b, q + CORE_DUMPED.length, end);
      }
      return q == last - EXIT_CLOSE.length;
    }
    return false;
  }

  private static boolean frameMessage(byte[] b, int p, int end, FramedLine out) {
    out.textStart = p;
    out.textEnd = end;
    // exact match only: the grammar lexes `strace: Process 1 attached ` (trailing space) as other
    if (startsWith(b, p, end, PROCESS)) {
      int s = p + PROCESS.length;
      int d = digitsEnd(b, s, end);
      if (d > s && d - s <= 9 && d + ATTACHED.length == end) {
        if (startsWith(b, d, end, ATTACHED) || startsWith(b, d, end, DETACHED)) {
          out.kind = startsWith(b, d, end, ATTACHED) ? Kind.ATTACHED : Kind.DETACHED;
          out.number = StraceNumbers.parseInteger(b, s, d);
          return true;
        }
      }
      if (d > s && d - s <= 9 && attachedWithThreads(b, d, end)) {
        out.kind = Kind.ATTACHED; // `strace: Process 25728 attached with 3 threads` (strace -f -p)
        out.number = StraceNumbers.parseInteger(b, s, d);
        return true;
      }
    }
    out.kind = Kind.STRACE_OTHER;
    return true;
  }

  /** {@code " attached with 3 threads"} from {@code p} to {@code end} exactly. */
  private static boolean attachedWithThreads(byte[] b, int p, int end) {
    if (!startsWith(b, p, end, ATTACHED_WITH)) {
      return false;
    }
    int s = p + ATTACHED_WITH.length;
    int d = digitsEnd(b, s, end);
    return d > s && d + THREADS.length == end && startsWith(b, d, end, THREADS);
  }

  private static final byte[] ATTACHED_WITH = bytes(" attached with ");
  private static final byte[] THREADS = bytes(" threads");

  /**
   * Walks argument text from {@code p}: strings, comments, annotations and brackets are skipped
   * as units. Returns the index of the {@code )} closing the argument list, -1 if the text ends
   * first, -2 for something framing cannot judge (an unterminated string, an odd {@code <}).
   */
  static int scanArguments(byte[] b, int p, int end) {
    int depth = 0;
    while (p < end) {
      // most bytes are ordinary: skip them in a tight loop before the switch
      if (!SPECIAL[b[p] & 0xff]) {
        p++;
        while (p < end && !SPECIAL[b[p] & 0xff]) {
          p++;
        }
        if (p == end) {
          break;
        }
      }
      byte c = b[p];
      switch (c) {
        case '"':
          p = skipString(b, p, end);
          if (p < 0) {
            return -2;
          }
          continue;
        case '(':
        case '[':
        case '{':
          depth++;
          break;
        case ')':
          if (depth == 0) {
            return p;
          }
          depth--;
          break;
        case ']':
        case '}':
          depth--;
          break;
        case '/':
          if (p + 1 < end && b[p + 1] == '*') {
            int e = indexOfCommentEnd(b, p + 2, end);
            if (e < 0) {
              return -2;
            }
            p = e;
            continue;
          }
          break;
        case '<':
          if (p + 1 < end && b[p + 1] == '<') {
            p += 2;
            continue;
          }
          p = skipAnnotation(b, p, end);
          if (p < 0) {
            return -2;
          }
          continue;
        default:
          break;
      }
      p++;
    }
    return -1;
  }

  /** Bytes scanArguments must look at; everything else is skipped. */
  private static final boolean[] SPECIAL = new boolean[256];

  static {
    for (char c : "\"()[]{}/<".toCharArray()) {
      SPECIAL[c] = true;
    }
  }

  /** From the opening quote; returns the index after the closing quote (and a `...` if any), or -1. */
  private static int skipString(byte[] b, int p, int end) {
    for (p++; p < end; p++) {
      byte c = b[p];
      if (c != '"' && c != '\\') {
        continue;
      }
      if (c == '\\') {
        p++;
      } else if (c == '"') {
        p++;
        if (p + 3 <= end && b[p] == '.' && b[p + 1] == '.' && b[p + 2] == '.') {
          p += 3;
        }
        return p;
      }
    }
    return -1;
  }

  private static int indexOfCommentEnd(byte[] b, int p, int end) {
    for (; p + 1 < end; p++) {
      if (b[p] == '*' && b[p + 1] == '/') {
        return p + 2;
      }
    }
    return -1;
  }

  /**
   * From a {@code <}: skips a -y/-yy/-Y annotation such as {@code </dev/urandom<char 1:9>>} or
   * {@code <TCP:[1.2.3.4:80->5.6.7.8:63330]>} and returns the index after its {@code >}, or -1.
   * {@code ->} is the socket arrow, never a closing bracket (the grammar's longest match agrees
   * whenever a closing bracket follows, and when none does this returns -1 and the grammar decides).
   */
  static int skipAnnotation(byte[] b, int p, int end) {
    if (p + 1 >= end || b[p + 1] == '<' || b[p + 1] == '>') {
      return -1;
    }
    int depth = 0;
    for (; p < end; p++) {
      byte c = b[p];
      if (c == '\\') {
        p++;
      } else if (c == '<') {
        depth++;
      } else if (c == '>') {
        if (b[p - 1] == '-' && depth > 0 && p - 1 > 0 && b[p - 2] != '\\') {
          continue;
        }
        if (--depth == 0) {
          return p + 1;
        }
      }
    }
    return -1;
  }

  private static int skipSpaces(byte[] b, int p, int end) {
    while (p < end && (b[p] == ' ' || b[p] == '\t')) {
      p++;
    }
    return p;
  }

  private static int trimEnd(byte[] b, int start, int end) {
    while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
      end--;
    }
    return end;
  }

  private static int digitsEnd(byte[] b, int p, int end) {
    while (p < end && isDigit(b[p])) {
      p++;
    }
    return p;
  }

  private static int identEnd(byte[] b, int p, int end) {
    p++;
    while (p < end && isIdentPart(b[p])) {
      p++;
    }
    return p;
  }

  static boolean startsWith(byte[] b, int p, int end, byte[] prefix) {
    if (end - p < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[p + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean endsWith(byte[] b, int start, int end, byte[] suffix) {
    return end - start >= suffix.length && startsWith(b, end - suffix.length, end, suffix);
  }

  /** The first index of {@code c} in {@code b[s, e)}, or -1. */
  static int indexOf(byte[] b, int s, int e, byte c) {
    for (int i = s; i < e; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }





  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
