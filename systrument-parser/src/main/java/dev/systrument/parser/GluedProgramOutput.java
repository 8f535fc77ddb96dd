package dev.systrument.parser;

import dev.systrument.model.value.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * In a stderr capture strace prints a call's arguments when the call starts and its result when it
 * returns; a traced program writing to the same terminal lands in between, so the output of the
 * very {@code write} strace is printing is glued after its last argument:
 *
 * <pre>
 * [pid 30277] 1795660540.374671 write(2, "env: ", 5env: ) = 5 &lt;0.000008&gt;
 * write(2, "\342\200\230x\342\200\231", 7‘x’) = 7
 * </pre>
 *
 * When the glued text is exactly the bytes of the call's buffer (a {@code write}, {@code writev}
 * or {@code pwrite64} to fd 1 or 2), it is the program's output: {@link #strip} gives the line
 * without it. Output that ends in a newline breaks the line instead, and is joined by the reader
 * ({@code SourceReader.repairGluedOutput}).
 */
final class GluedProgramOutput {
  private GluedProgramOutput() {}

  private static final byte[] RESULT = ") = ".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] UNFINISHED = " <unfinished ...>".getBytes(StandardCharsets.ISO_8859_1);
  /** Longest glued output looked for; a write's buffer printed by strace is at most -s long anyway. */
  private static final int MAX_OUTPUT = 4096;

  /**
   * Whether a framed call may carry glued output: an output call whose argument text does not end
   * in the number its last argument is. (Output that itself ends in a digit passes as part of that
   * number: the call is read, with that count.) Cheap: no decoding, so every line can be asked.
   */
  static boolean suspected(FramedLine f) {
    return f.kind == FramedLine.Kind.SYSCALL
        && (f.end == FramedLine.End.RETURNED || f.end == FramedLine.End.UNFINISHED)
        && f.argsEnd > f.argsStart
        && (f.bytes[f.argsEnd - 1] < '0' || f.bytes[f.argsEnd - 1] > '9')
        && isOutputCall(f.bytes, f.nameStart, f.nameEnd);
  }

  /**
   * The line {@code b[s, e)} without the program output glued after the last argument of its
   * output call, or null when it has none (or is not such a call).
   */
  static byte[] strip(byte[] b, int s, int e, GrammarArgumentDecoder decoder) {
    int open = LineFramer.indexOf(b, s, e, (byte) '(');
    if (open < 0 || !isOutputCall(b, nameStart(b, s, open), open)) {
      return null;
    }
    int close = LineFramer.endsWith(b, s, e, UNFINISHED) ? e - UNFINISHED.length : lastIndexOf(b, open, e, RESULT);
    if (close <= open + 1) {
      return null;
    }
    String name = new String(b, nameStart(b, s, open), open - nameStart(b, s, open), StandardCharsets.ISO_8859_1);
    for (int k = close - 1; k > open + 1 && close - k <= MAX_OUTPUT; k--) {
      if (b[k - 1] < '0' || b[k - 1] > '9') {
        continue; // the last argument (a count, an iovcnt, an offset) is a number
      }
      GrammarArgumentDecoder.Decoded args = decoder.decodeLocated(Arrays.copyOfRange(b, open + 1, k));
      if (args.errorColumn() >= 0) {
        continue;
      }
      byte[] buffer = bufferOf(name, args.values());
      if (buffer != null && Arrays.equals(buffer, 0, buffer.length, b, k, close)) {
        byte[] line = Arrays.copyOfRange(b, s, s + (k - s) + (e - close));
        System.arraycopy(b, close, line, k - s, e - close);
        return line;
      }
    }
    return null;
  }

  private static boolean isOutputCall(byte[] b, int from, int open) {
    int length = open - from;
    return (length == 5 && LineFramer.startsWith(b, from, open, WRITE))
        || (length == 6 && LineFramer.startsWith(b, from, open, WRITEV))
        || (length == 8 && LineFramer.startsWith(b, from, open, PWRITE64));
  }

  // asked of every call line (suspected): encoded once, not per line
  private static final byte[] WRITE = "write".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] WRITEV = "writev".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] PWRITE64 = "pwrite64".getBytes(StandardCharsets.ISO_8859_1);

  private static int nameStart(byte[] b, int s, int open) {
    int i = open;
    while (i > s && b[i - 1] != ' ' && b[i - 1] != ']') {
      i--;
    }
    return i;
  }

  /** The bytes the call wrote to stdout or stderr, or null (another fd, a truncated string). */
  private static byte[] bufferOf(String name, List<Value> args) {
    if (args.size() < 3 || !isStdoutOrStderr(args.get(0))) {
      return null;
    }
    if (!name.equals("writev")) {
      return args.get(1) instanceof Value.Str str && !str.truncated() ? str.bytes() : null;
    }
    if (!(args.get(1) instanceof Value.Array iov)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Value element : iov.elements()) {
      if (!(element instanceof Value.Struct struct) || !(struct.get("iov_base") instanceof Value.Str base)
          || base.truncated()) {
        return null;
      }
      out.writeBytes(base.bytes());
    }
    return out.toByteArray();
  }

  private static boolean isStdoutOrStderr(Value fd) {
    Value v = fd instanceof Value.Annotated a ? a.value() : fd;
    return v instanceof Value.Num n && (n.value() == 1 || n.value() == 2);
  }

  private static int lastIndexOf(byte[] b, int from, int to, byte[] needle) {
    for (int i = to - needle.length; i >= from; i--) {
      if (LineFramer.startsWith(b, i, to, needle)) {
        return i;
      }
    }
    return -1;
  }
}
