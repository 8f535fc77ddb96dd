package dev.systrument.parser;

/**
 * What framing found in one physical line: its kind, prefix, timestamp and the byte ranges of
 * the parts the reader needs (syscall name, argument text, result, duration). Filled either by
 * the hand-written {@link LineFramer} (hot path) or by {@link AstBuilder} from the grammar's
 * {@code line} rule (fallback, and the differential test that keeps both in agreement).
 *
 * <p>Mutable and reused line after line so that framing allocates nothing; all positions are
 * absolute indexes into {@link #bytes}. A position of -1 means "absent".
 */
final class FramedLine {

  enum Kind {
    /** {@code name(args) = result}, {@code name(args <unfinished ...>}, or a torn start. */
    SYSCALL,
    /** {@code <... name resumed>args) = result}. */
    RESUMED,
    /** A bare line finishing the previous one: {@code "", 4096) = 0 <0.000060>}. */
    CONTINUATION,
    /** {@code --- SIGCHLD {...} ---}. */
    SIGNAL,
    /** {@code --- stopped by SIGSTOP ---}. */
    STOPPED,
    EXITED,
    KILLED,
    SUPERSEDED,
    /** {@code strace: Process N attached}. */
    ATTACHED,
    /** {@code strace: Process N detached}. */
    DETACHED,
    /** {@code [ Process PID=N runs in 32 bit mode. ]}. */
    PERSONALITY,
    /** Any other {@code strace: ...} message. */
    STRACE_OTHER,
    /** {@code  > /lib/libc.so.6(write+0x14) [0x10e8f4]} from -k. */
    STACK
  }

  /** How a syscall (or resumed, or continuation) line ends. */
  enum End {
    RETURNED,
    UNFINISHED,
    DETACHED,
    /** The line stops in the middle of the arguments (stderr capture, glued strace message). */
    TORN
  }

  enum Clock {
    NONE,
    /** {@code 02:05:20.446742}: {@link #clockNs} is nanoseconds since midnight. */
    TIME_OF_DAY,
    /** {@code 1795658719.241275}: {@link #clockNs} is seconds times 1e9 plus the fraction. */
    SECONDS
  }

  static final int NO_PID = -1;

  byte[] bytes;
  int lineStart;
  int lineEnd;

  Kind kind;
  End end;
  int pid;
  boolean bracketPrefix;
  int commStart;
  int commEnd;
  Clock clock;
  long clockNs;
  /**
   * Where the timestamp starts in {@link #bytes}; set only by the grammar's framing, the one path
   * that accepts a timestamp it cannot convert (clockNs -1: past 2262, more than 9 fraction
   * digits): the fast framer declines those lines.
   */
  int clockStart;
  /** Syscall name, or the signal name of SIGNAL / STOPPED / KILLED. */
  int nameStart;
  int nameEnd;
  /** Argument text (syscall) or siginfo (signal, without the braces); trimmed. */
  int argsStart;
  int argsEnd;
  int pidChangedTo;
  /** Result text after {@code = }, without the duration. */
  int resultStart;
  int resultEnd;
  boolean resultKnown;
  long resultValue;
  int errnoStart;
  int errnoEnd;
  /** Text inside the parentheses after the result ({@code No such file or directory}). */
  int detailStart;
  int detailEnd;
  /** Text inside the annotation brackets of the result ({@code /etc/ld.so.cache}). */
  int annotationStart;
  int annotationEnd;
  long durationNs;
  /** Exit code, or the pid named by ATTACHED / DETACHED / PERSONALITY / SUPERSEDED. */
  long number;
  boolean coreDumped;
  /** Free text: a stack frame, a strace message. */
  int textStart;
  int textEnd;

  void reset(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.lineStart = from;
    this.lineEnd = to;
    kind = null;
    end = null;
    pid = NO_PID;
    bracketPrefix = false;
    commStart = commEnd = -1;
    clock = Clock.NONE;
    clockNs = 0;
    nameStart = nameEnd = -1;
    argsStart = argsEnd = -1;
    pidChangedTo = NO_PID;
    resultStart = resultEnd = -1;
    resultKnown = false;
    resultValue = 0;
    errnoStart = errnoEnd = -1;
    detailStart = detailEnd = -1;
    annotationStart = annotationEnd = -1;
    durationNs = -1;
    number = 0;
    coreDumped = false;
    textStart = textEnd = -1;
  }

  /** Makes this line the same framing as {@code other} (framed ahead on another thread). */
  void copyFrom(FramedLine other) {
    bytes = other.bytes;
    lineStart = other.lineStart;
    lineEnd = other.lineEnd;
    kind = other.kind;
    end = other.end;
    pid = other.pid;
    bracketPrefix = other.bracketPrefix;
    commStart = other.commStart;
    commEnd = other.commEnd;
    clock = other.clock;
    clockNs = other.clockNs;
    clockStart = other.clockStart;
    nameStart = other.nameStart;
    nameEnd = other.nameEnd;
    argsStart = other.argsStart;
    argsEnd = other.argsEnd;
    pidChangedTo = other.pidChangedTo;
    resultStart = other.resultStart;
    resultEnd = other.resultEnd;
    resultKnown = other.resultKnown;
    resultValue = other.resultValue;
    errnoStart = other.errnoStart;
    errnoEnd = other.errnoEnd;
    detailStart = other.detailStart;
    detailEnd = other.detailEnd;
    annotationStart = other.annotationStart;
    annotationEnd = other.annotationEnd;
    durationNs = other.durationNs;
    number = other.number;
    coreDumped = other.coreDumped;
    textStart = other.textStart;
    textEnd = other.textEnd;
  }

  boolean hasPrefix() {
    return pid != NO_PID;
  }

  String text(int start, int end) {
    return start < 0 ? "" : new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * A readable dump of every field, with ranges shown as text: what the differential test
   * compares between the framer and the grammar.
   */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(kind).append(' ').append(end);
    sb.append(" pid=").append(pid).append(bracketPrefix ? "[]" : "");
    sb.append(" comm=").append(text(commStart, commEnd));
    sb.append(" clock=").append(clock).append(':').append(clockNs);
    sb.append(" name=").append(text(nameStart, nameEnd));
    sb.append(" args=").append(text(argsStart, argsEnd));
    sb.append(" pidChanged=").append(pidChangedTo);
    sb.append(" result=").append(text(resultStart, resultEnd));
    sb.append(" known=").append(resultKnown).append(':').append(resultValue);
    sb.append(" errno=").append(text(errnoStart, errnoEnd));
    sb.append(" detail=").append(text(detailStart, detailEnd));
    sb.append(" annotation=").append(text(annotationStart, annotationEnd));
    sb.append(" duration=").append(durationNs);
    sb.append(" number=").append(number).append(coreDumped ? " core" : "");
    sb.append(" text=").append(text(textStart, textEnd));
    return sb.toString();
  }
}
