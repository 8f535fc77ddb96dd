package dev.systrument.parser;

import static dev.systrument.parser.FastArgumentDecoder.NAMES;
import static dev.systrument.parser.FastArgumentDecoder.annotationEnd;
import static dev.systrument.parser.TokenChars.isDigit;
import static dev.systrument.parser.TokenChars.isHex;
import static dev.systrument.parser.TokenChars.isIdentPart;
import static dev.systrument.parser.TokenChars.isIdentStart;

import dev.systrument.model.ArgumentTextSink;
import dev.systrument.model.value.Utf8Text;
import java.util.Arrays;

/**
 * Renders argument text straight to what {@code Value.toText()} of each decoded top-level argument
 * reads, without decoding: {@code AT_FDCWD</tmp>, "/etc/x\n", O_RDONLY|O_CLOEXEC} becomes the
 * texts {@code AT_FDCWD} (annotation {@code /tmp}), {@code /etc/x⏎} and {@code O_RDONLY|O_CLOEXEC}.
 *
 * <p>Why: the Perfetto writer shows every argument of every syscall as text, and building a value
 * tree per syscall only to print it again was a third of strace2perfetto's time. strace already
 * prints values the way {@code toText()} renders them (same separators, same spacing), so the text
 * is mostly copied: only string literals change (quotes dropped, C escapes decoded, invalid UTF-8
 * as {@code \xHH}), {@code ,} inside braces is followed by one space, and a top-level {@code
 * -y} annotation is handed over separately.
 *
 * <p>Expressions the grammar keeps as text ({@code 8192*1024}, {@code WIFEXITED(s) &&
 * WEXITSTATUS(s) == 0}: in every build log, from {@code prlimit64} and {@code wait4}) are copied
 * too. Where the copy might not read as {@code toText()} would (other operators, {@code or},
 * {@code [[indexed]]} elements, odd spacing, a comment with no value before it, bytes outside
 * ASCII outside strings) it declines and the caller decodes values instead.
 * ArgumentRendererDifferentialTest holds it to the decoded values on every argument of the corpus
 * and the benchmark logs.
 */
final class ArgumentRenderer {
  private static final ThreadLocal<ArgumentRenderer> RENDERERS = ThreadLocal.withInitial(ArgumentRenderer::new);

  /** Rendered texts of all arguments, back to back; handed to the sink only once all succeeded. */
  private byte[] out = new byte[256];
  private int size;
  private String[] names = new String[8];
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private int[] annotationStarts = new int[8];
  private int[] annotationEnds = new int[8];
  private int count;
  /** A string's decoded bytes while they are rewritten as text. */
  private byte[] scratch = new byte[256];
  /** Open brackets of the argument being rendered, innermost last. */
  private final byte[] brackets = new byte[MAX_DEPTH];
  /** Per open bracket: how its elements are separated so far, {@code ','}, {@code ' '} or 0. */
  private final byte[] separators = new byte[MAX_DEPTH];
  private int depth;
  /** Out position where the last number or symbol token started. */
  private int tokenStart;
  /** Brackets in comments and annotations, which the grammar's nesting check counts too. */
  private int looseBrackets;

  /** Bytes a string's scan must look at: its end, escapes, line breaks, and bytes beyond ASCII. */
  private static final boolean[] IN_STRING_SPECIAL = new boolean[256];

  static {
    IN_STRING_SPECIAL['"'] = true;
    IN_STRING_SPECIAL['\\'] = true;
    IN_STRING_SPECIAL['\r'] = true;
    IN_STRING_SPECIAL['\n'] = true;
    for (int c = 0x80; c < 0x100; c++) {
      IN_STRING_SPECIAL[c] = true;
    }
  }

  /** Deeper is left to the values (as in FastArgumentDecoder). */
  private static final int MAX_DEPTH = 32;

  private ArgumentRenderer() {}

  /**
   * Renders {@code text} into {@code sink}, or returns false (sink not called) to ask for values;
   * as the values would, it declines text nested deeper than {@code maxNesting}
   * ({@link ReaderOptions#maxNesting()}), which the grammar reports.
   */
  static boolean render(byte[] text, ArgumentTextSink sink, int maxNesting) {
    ArgumentRenderer r = RENDERERS.get();
    if (!r.renderAll(text, maxNesting)) {
      return false;
    }
    for (int i = 0; i < r.count; i++) {
      sink.argument(i, r.names[i], r.out, r.starts[i], r.ends[i], r.annotationStarts[i], r.annotationEnds[i]);
    }
    return true;
  }

  private boolean renderAll(byte[] b, int maxNesting) {
    size = 0;
    count = 0;
    looseBrackets = 0;
    // Room for the whole rendering up front: a copy is never longer than the text, except that
    // `,` inside brackets becomes `, ` (and a string's invalid UTF-8, which ensures its own room).
    ensure(2 * b.length + 16);
    int n = b.length;
    int p = skipSpaces(b, 0, n);
    if (p == n) {
      return false; // no arguments (or only blanks): rare, and the values know best
    }
    while (true) {
      p = argument(b, p, n);
      if (p < 0) {
        return false;
      }
      if (p == n) {
        // the grammar refuses nesting beyond maxNesting, counting brackets in comments and
        // annotations too; ours are at most MAX_DEPTH deep
        return MAX_DEPTH + looseBrackets + 1 < maxNesting || StraceGrammar.nestingOverflowColumn(b, 0, n, maxNesting) < 0;
      }
      // at a top-level ','
      p = skipSpaces(b, p + 1, n);
      if (p == n) {
        return false; // `a, ` trailing comma: left to the values
      }
    }
  }

  /**
   * One top-level argument from {@code p} (not a blank); returns where it ended (at a top-level
   * {@code ,} or {@code n}) or -1 to decline.
   *
   * <p>A small state machine over the grammar's shapes: {@code operand} is false where a value
   * must start (after an opening bracket, a {@code ,}, a {@code |}, {@code name=} or {@code =>})
   * and true after one; anything the grammar would not take there, or would take in another way
   * than a copy reads, declines.
   */
  private int argument(byte[] b, int p, int n) {
    String name = null;
    if (isIdentStart(b[p])) {
      int q = identEnd(b, p, n);
      if (q < n && b[q] == '=' && !(q + 1 < n && (b[q + 1] == '=' || b[q + 1] == '>'))) {
        if (isOr(b, p, q)) {
          return -1;
        }
        name = NAMES.get(b, p, q);
        p = q + 1;
      }
    }
    int start = size;
    depth = 0;
    boolean operand = false;
    boolean fieldStart = false; // where a struct field may start with `name=`
    boolean commented = false;
    /* An operator other than `|` makes an expression, which the grammar keeps as its raw text:
       then nothing in the argument may read other than copied (a decoded string, a `,` given
       its space). */
    boolean expression = false;
    boolean altered = false;
    /* The value so far is one number or symbol token: an annotation right after it that ends the
       argument is handed over apart (`3</etc/x>`). */
    boolean token = false;
    int tokenEnd = -1; // out position after the last number or symbol token, while it is the last thing
    int annotationCut = -1; // out position of the top-level annotation's '<', while it is the last thing
    while (p < n) {
      byte c = b[p];
      if (c == ' ') {
        int q = skipSpaces(b, p, n);
        if (q == n && depth == 0 && operand) {
          p = n; // trailing blanks: not part of the value
          break;
        }
        if (q != p + 1 || q == n || !operand) {
          return -1;
        }
        byte next = b[q];
        if (next == '/' && q + 1 < n && b[q + 1] == '*' && !commented) {
          commented = true; // one comment per value
          put(c);
          p = comment(b, q, n);
          if (p < 0) {
            return -1;
          }
        } else if (next == '=' && q + 2 < n && b[q + 1] == '>' && b[q + 2] == ' ') {
          putRange(b, p, q + 3); // `a => b`
          p = q + 3;
          operand = false;
          commented = false;
        } else if (q + 3 < n && b[q + 2] == ' ' && isSpacedOperator(b[q], b[q + 1]) && !commented) {
          // `WIFEXITED(s) && WEXITSTATUS(s) == 0`: the grammar keeps an expression as its text
          putRange(b, p, q + 3);
          p = q + 3;
          operand = false;
          expression = true;
        } else if (depth > 0 && brackets[depth - 1] == '[' && separators[depth - 1] != ','
            && next != ',' && next != ']') {
          separators[depth - 1] = ' ';
          put(c); // `[CHLD TERM]`: a bit set, spaces between members
          p = q;
          operand = false;
        } else {
          return -1;
        }
        token = false;
        tokenEnd = -1;
        annotationCut = -1;
        continue;
      }
      if (!operand) {
        // where a value starts
        boolean mayBeField = fieldStart;
        fieldStart = false;
        if (isIdentPart(c)) {
          int q = identEnd(b, p, n);
          if (isIdentStart(c)) {
            if (isOr(b, p, q)) {
              return -1;
            }
            if (q < n && b[q] == '=' && mayBeField && !(q + 1 < n && (b[q + 1] == '=' || b[q + 1] == '>'))) {
              putRange(b, p, q + 1); // a field's `name=`
              p = q + 1;
              continue;
            }
          } else if (!isNumber(b, p, q)) {
            return -1;
          }
          if (q < n && (b[q] == '.' || b[q] == ':')) {
            return -1; // 12.5, 02:05:20: other tokens
          }
          token = size == start;
          tokenStart = size;
          putRange(b, p, q);
          tokenEnd = size;
          p = q;
          operand = true;
          continue;
        }
        switch (c) {
          case '"' -> {
            p = string(b, p, n);
            if (p < 0) {
              return -1;
            }
            altered = true;
          }
          case '{', '[' -> {
            if (c == '[' && p + 1 < n && (b[p + 1] == '[' || b[p + 1] == ' ' || startsWithPid(b, p + 1, n))) {
              return -1; // [[VINTR]=0x3]; `[pid ` and `[ P` start other tokens (BRACKET_PID, PERSONALITY)
            }
            if (depth == MAX_DEPTH) {
              return -1;
            }
            // `~[A B]` is a bit set however separated: toText() joins with spaces
            separators[depth] = size > start && out[size - 1] == '~' ? (byte) ' ' : 0;
            brackets[depth++] = c;
            fieldStart = c == '{';
            put(c);
            p++;
            if (p < n && b[p] == (c == '{' ? '}' : ']')) {
              put(b[p]);
              p++;
              depth--;
              break; // {} []
            }
            token = false;
            continue;
          }
          case '~' -> {
            if (!(p + 1 < n && b[p + 1] == '[')) {
              return -1;
            }
            put(c);
            p++;
            token = false;
            continue; // the '[' next
          }
          case '-' -> {
            if (!(p + 1 < n && isDigit(b[p + 1]))) {
              return -1;
            }
            int q = identEnd(b, p + 1, n);
            if (!isNumber(b, p + 1, q) || (q < n && (b[q] == '.' || b[q] == ':' || b[q] == '<'))) {
              return -1;
            }
            putRange(b, p, q);
            p = q;
          }
          case '.' -> {
            if (!(p + 2 < n && b[p + 1] == '.' && b[p + 2] == '.') || (p + 3 < n && b[p + 3] == '.')) {
              return -1;
            }
            putRange(b, p, p + 3);
            p += 3;
          }
          default -> {
            return -1;
          }
        }
        token = false;
        operand = true;
        continue;
      }
      // after a value
      switch (c) {
        case ',' -> {
          if (depth == 0) {
            if (expression && altered) {
              return -1;
            }
            add(name, start, annotationCut);
            return p;
          }
          if (separators[depth - 1] == ' ') {
            return -1; // `[A B, C]`: an array, which toText() writes `[A, B, C]`
          }
          separators[depth - 1] = ',';
          fieldStart = brackets[depth - 1] == '{';
          commented = false;
          put((byte) ',');
          put((byte) ' '); // inside brackets toText() joins with ", "
          int next = skipSpaces(b, p + 1, n);
          altered |= next != p + 2 || b[p + 1] != ' ';
          p = next;
          operand = false;
        }
        case '<' -> {
          int close = annotationEnd(b, p, n);
          if (close < 0 || tokenEnd != size) {
            return -1; // an annotation follows a number or a symbol: `3</x>`, `AT_FDCWD</tmp>`
          }
          for (int i = p + 1; i < close - 1; i++) {
            byte x = b[i];
            if (x < 0 || x == '"') {
              return -1; // not ASCII (the values decode it), or a quote the nesting check may misread
            }
            if (x == '(' || x == '[' || x == '{' || x == '<') {
              looseBrackets++;
            }
          }
          if (depth == 0) {
            if (!token) {
              return -1; // `-3</x>`, `A|3</x>`: the values may not read as the copy
            }
            annotationCut = size;
          }
          putRange(b, p, close);
          p = close;
        }
        case '(' -> {
          if (tokenEnd != size || !isIdentStart(out[tokenStart]) || depth == MAX_DEPTH) {
            return -1; // a group, not a macro call
          }
          separators[depth] = 0;
          brackets[depth++] = c;
          put(c);
          p++;
          operand = false;
          if (p < n && b[p] == ')') {
            put(b[p]);
            p++;
            depth--;
            operand = true; // f()
          }
        }
        case '}', ']', ')' -> {
          if (depth == 0 || brackets[depth - 1] != opener(c)) {
            return -1;
          }
          depth--;
          put(c);
          p++;
        }
        case '|' -> {
          if (p + 1 < n && b[p + 1] == '|') {
            return -1;
          }
          put(c);
          p++;
          operand = false;
        }
        case '*' -> {
          if (commented) {
            return -1;
          }
          put(c); // `rlim_cur=8192*1024`: an expression, kept as its text
          p++;
          operand = false;
          expression = true;
        }
        default -> {
          return -1; // & * + ! ? = > / and anything else: expressions, or not ours
        }
      }
      if (c != '<') {
        tokenEnd = -1; // what follows an annotation ends its chance to be handed over apart
        annotationCut = -1;
      }
      token = false;
    }
    if (depth != 0 || !operand || (expression && altered)) {
      return -1;
    }
    add(name, start, annotationCut);
    return p;
  }

  /**
   * {@code "..."} with an optional {@code ...} (strace cut it at -s): decoded bytes, as UTF-8 with
   * invalid sequences as {@code \xHH} ({@code Value.Str#text()}), then {@code ...} when cut.
   */
  private int string(byte[] b, int open, int n) {
    int q = open + 1;
    boolean escapes = false;
    boolean high = false; // bytes beyond ASCII: UTF-8 to check
    while (true) {
      while (q < n && !IN_STRING_SPECIAL[b[q] & 0xff]) {
        q++; // most of a string: plain ASCII
      }
      if (q >= n) {
        return -1;
      }
      byte c = b[q];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        if (q + 1 >= n || b[q + 1] == '\r' || b[q + 1] == '\n') {
          return -1;
        }
        escapes = true;
        q += 2;
      } else if (c == '\r' || c == '\n') {
        return -1;
      } else {
        high = true;
        q++;
      }
    }
    int close = q;
    int from = size;
    size = escapes ? CEscapes.decodeInto(b, open + 1, close, out, size) : copy(b, open + 1, close);
    if (escapes || high) {
      for (int i = from; i < size; i++) {
        if (out[i] < 0) {
          // bytes beyond ASCII: as Value.Str#text() shows them, invalid UTF-8 as \xHH
          int length = size - from;
          if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
          }
          System.arraycopy(out, from, scratch, 0, length);
          ensure(4 * length + 2 * (n - close) + 16); // may grow: keep renderAll's room
          size = Utf8Text.appendSanitized(scratch, 0, length, out, from);
          break;
        }
      }
    }
    int p = close + 1;
    if (p + 2 < n && b[p] == '.' && b[p + 1] == '.' && b[p + 2] == '.') {
      put((byte) '.');
      put((byte) '.');
      put((byte) '.');
      p += 3;
    }
    return p;
  }

  /**
   * {@code value /* text *&#47;} from the {@code /}: {@code toText()} writes the value, {@code " /* "},
   * the comment stripped, {@code " *&#47;"}; copied when the log spaced it so.
   */
  private int comment(byte[] b, int p, int n) {
    int q = p + 2;
    while (q + 1 < n && !(b[q] == '*' && b[q + 1] == '/')) {
      byte x = b[q];
      if (x < 0 || x == '"') {
        return -1;
      }
      if (x == '(' || x == '[' || x == '{' || x == '<') {
        looseBrackets++;
      }
      q++;
    }
    if (q + 1 >= n) {
      return -1;
    }
    // inside: exactly one space each side, text not blank
    if (q - p < 5 || b[p + 2] != ' ' || b[q - 1] != ' ' || isBlank(b[p + 3]) || isBlank(b[q - 2])) {
      return -1;
    }
    putRange(b, p, q + 2);
    return q + 2;
  }

  /**
   * Adds the argument rendered from {@code start} to the current end; with {@code annotationCut}
   * (the position of the {@code <} of a top-level annotation, or -1) the text ends there and the
   * annotation is what stands between the brackets.
   */
  private void add(String name, int start, int annotationCut) {
    if (count == names.length) {
      names = Arrays.copyOf(names, count * 2);
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      annotationStarts = Arrays.copyOf(annotationStarts, count * 2);
      annotationEnds = Arrays.copyOf(annotationEnds, count * 2);
    }
    names[count] = name;
    starts[count] = start;
    if (annotationCut >= 0) {
      ends[count] = annotationCut;
      annotationStarts[count] = annotationCut + 1;
      annotationEnds[count] = size - 1;
    } else {
      ends[count] = size;
      annotationStarts[count] = -1;
      annotationEnds[count] = -1;
    }
    count++;
  }

  private static boolean startsWithPid(byte[] b, int p, int n) {
    return p + 3 < n && b[p] == 'p' && b[p + 1] == 'i' && b[p + 2] == 'd' && b[p + 3] == ' ';
  }

  /** {@code &&} and {@code ==} between spaces: operators of expressions real logs print. */
  private static boolean isSpacedOperator(byte first, byte second) {
    return (first == '&' && second == '&') || (first == '=' && second == '=');
  }

  private static byte opener(byte closer) {
    return (byte) (closer == '}' ? '{' : closer == ']' ? '[' : '(');
  }

  /** A NUMBER token: {@code 0x} and hex digits, or decimal digits. */
  private static boolean isNumber(byte[] b, int start, int end) {
    if (end - start > 2 && b[start] == '0' && (b[start + 1] == 'x' || b[start + 1] == 'X')) {
      for (int i = start + 2; i < end; i++) {
        if (!isHex(b[i])) {
          return false;
        }
      }
      return true;
    }
    for (int i = start; i < end; i++) {
      if (!isDigit(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isOr(byte[] b, int start, int end) {
    return end - start == 2 && b[start] == 'o' && b[start + 1] == 'r';
  }

  private static int identEnd(byte[] b, int p, int n) {
    int q = p + 1;
    while (q < n && isIdentPart(b[q])) {
      q++;
    }
    return q;
  }

  private static int skipSpaces(byte[] b, int p, int n) {
    while (p < n && b[p] == ' ') {
      p++;
    }
    return p;
  }

  private int copy(byte[] b, int from, int to) {
    System.arraycopy(b, from, out, size, to - from);
    return size + to - from;
  }

  /** Appends; the room was ensured by {@link #renderAll}. */
  private void putRange(byte[] b, int from, int to) {
    size = copy(b, from, to);
  }

  /** Appends; the room was ensured by {@link #renderAll}. */
  private void put(byte c) {
    out[size++] = c;
  }

  private void ensure(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
    }
  }
}
