package dev.systrument.parser;

import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-written decoder for the argument texts real logs are made of, tried before the grammar:
 * {@code AT_FDCWD</work>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC}, {@code 3</etc/passwd>, {st_mode=
 * S_IFREG|0644, st_size=34547, st_atime=1795663243 /* 2026-11-26T03:20:43+0000 *&#47;, ...}},
 * {@code ["make", "-s"], 0x7ffd /* 35 vars *&#47;}, {@code child_stack=NULL, flags=CLONE_VM|SIGCHLD}.
 *
 * <p>Why: the grammar ({@code argumentList} in Strace.g4) costs about 10 µs per call through
 * ANTLR, and exporters decode every syscall's arguments. This class reads bytes directly and
 * builds exactly the values {@link AstBuilder} would build.
 *
 * <p>The grammar stays the one definition of the language. This decoder covers a subset (strings,
 * numbers, symbols, {@code A|B} flags, {@code -y} annotations, named arguments, comments, {@code =>},
 * structs, lists, bit sets, macro calls like {@code makedev(0xfe, 0)}) and <em>declines</em>
 * (returns null) on anything else or anything it is unsure about, such as expressions other than
 * flags ({@code 1<<20}, {@code WIFEXITED(s) && ...}), {@code or} alternatives, indexed elements
 * ({@code [[VINTR]=0x3]}), or texts the grammar rejects. A differential test holds it to the
 * grammar on every argument of the corpus, and a property test on mutated texts checks that it
 * either agrees or declines.
 *
 * <p>Its lexing mirrors the grammar's tokens where it matters: longest match ({@code 12.5} is one
 * DECIMAL token, not {@code 12}), and ANNOTATION's exact extent (see {@link #annotationEnd}).
 */
final class FastArgumentDecoder {
  /** Deeper than this (structs in lists in calls...) is left to the grammar. */
  private static final int MAX_DEPTH = 48;

  /** Thrown to give up; preallocated, without a stack trace: declining is control flow. */
  private static final class Decline extends RuntimeException {
    Decline() {
      super(null, null, false, false);
    }
  }

  private static final Decline DECLINE = new Decline();

  private static final Value.Ellipsis ELLIPSIS = new Value.Ellipsis();

  private final byte[] b;
  private final int end;
  private int p;
  private int depth;

  private FastArgumentDecoder(byte[] b) {
    this.b = b;
    this.end = b.length;
  }

  /** The values of {@code text} exactly as the grammar decodes them, or null to ask the grammar. */
  static List<Value> decode(byte[] text) {
    if (text.length > StraceGrammar.MAX_NESTING && StraceGrammar.nestingOverflowColumn(text, 0, text.length) >= 0) {
      return null; // the grammar reports it
    }
    try {
      return new FastArgumentDecoder(text).argumentList();
    } catch (Decline e) {
      return null;
    }
  }

  // ------------------------------------------------------------------------------- grammar rules

  /** {@code argumentList : (argument (COMMA argument)*)? COMMA? EOF} */
  private List<Value> argumentList() {
    List<Value> out = new ArrayList<>(6);
    skipWs();
    if (p < end && b[p] == ',') {
      p++;
      skipWs();
      if (p == end) {
        return out;
      }
      throw DECLINE;
    }
    while (p < end) {
      out.add(namedOrValue());
      skipWs();
      if (p == end) {
        break;
      }
      if (b[p] != ',') {
        throw DECLINE;
      }
      p++;
      skipWs();
    }
    return out;
  }

  /** {@code argument} and {@code field}: {@code (name=identifier EQUALS)? value}. */
  private Value namedOrValue() {
    if (p < end && isIdentStart(b[p])) {
      int nameEnd = identEnd(p);
      int q = skipWs(nameEnd);
      if (q < end && b[q] == '=' && !(q + 1 < end && (b[q + 1] == '=' || b[q + 1] == '>'))) {
        String name = identifier(p, nameEnd);
        p = skipWs(q + 1);
        return new Value.Named(name, value());
      }
    }
    return value();
  }

  /** {@code value : before=choice (CHANGED_TO after=choice)?} (choices with {@code or} decline). */
  private Value value() {
    Value before = commented();
    if (p + 1 < end && b[p] == '=' && b[p + 1] == '>') {
      p = skipWs(p + 2);
      return new Value.Changed(before, commented());
    }
    return before;
  }

  /** {@code commented : expression COMMENT? | COMMENT}; leaves p after trailing blanks. */
  private Value commented() {
    skipWs();
    Value v;
    int close = commentClose();
    if (close >= 0) {
      v = new Value.Commented(ELLIPSIS, comment(close)); // `[/* 22 entries */]`
    } else {
      v = expression();
      skipWs();
      close = commentClose();
      if (close >= 0) {
        v = new Value.Commented(v, comment(close));
      }
    }
    skipWs();
    declineOnOperatorOrOr();
    return v;
  }

  /** {@code expression : operand (operator operand)*}, where only {@code |} (flags) is taken. */
  private Value expression() {
    Value first = operand();
    int q = skipWs(p);
    if (!isPipe(q)) {
      return first;
    }
    List<Value> parts = new ArrayList<>(4);
    parts.add(first);
    while (isPipe(q)) {
      p = skipWs(q + 1);
      parts.add(operand());
      q = skipWs(p);
    }
    return new Value.Flags(parts);
  }

  /** {@code operand}: a primary, or {@code -NUMBER}; other prefix operators decline. */
  private Value operand() {
    if (p < end && b[p] == '-') {
      int start = p;
      p = skipWs(p + 1);
      if (p < end && isDigit(b[p])) {
        Value inner = number();
        if (inner instanceof Value.Num n) {
          return new Value.Num(-n.value(), latin1(start, p));
        }
      }
      throw DECLINE;
    }
    return primary();
  }

  private Value primary() {
    if (p >= end) {
      throw DECLINE;
    }
    byte c = b[p];
    if (isDigit(c)) {
      return annotated(number());
    }
    if (c == '"') {
      return string();
    }
    if (isIdentStart(c)) {
      int identEnd = identEnd(p);
      String name = identifier(p, identEnd);
      p = identEnd;
      if (p < end && b[p] == '(') {
        return macroCall(name);
      }
      if (skipWs(p) < end && b[skipWs(p)] == '(') {
        throw DECLINE; // `a (b)`: a call, or a symbol then a group in a comma-less list
      }
      return annotated(new Value.Sym(name));
    }
    if (c == '{') {
      return struct();
    }
    if (c == '[') {
      return list(false);
    }
    if (c == '~' && p + 1 < end && b[p + 1] == '[') {
      p++;
      return list(true); // `~[RTMIN RT_1]`: the grammar's primary comes before `~ operand`
    }
    if (c == '.' && p + 2 < end && b[p + 1] == '.' && b[p + 2] == '.') {
      p += 3;
      return ELLIPSIS;
    }
    throw DECLINE;
  }

  /** {@code NUMBER}: {@code 0x[hex]+} or {@code [0-9]+}, with the grammar's longest match. */
  private Value number() {
    int start = p;
    if (b[p] == '0' && p + 2 < end && (b[p + 1] == 'x' || b[p + 1] == 'X') && isHex(b[p + 2])) {
      p += 3;
      while (p < end && isHex(b[p])) {
        p++;
      }
    } else {
      while (p < end && isDigit(b[p])) {
        p++;
      }
    }
    if (p < end && (b[p] == '.' || b[p] == ':')) {
      throw DECLINE; // DECIMAL (`12.5`), TIME_OF_DAY (`02:05:20`) or `5...`: not ours
    }
    String text = latin1(start, p);
    long v = StraceNumbers.parseInteger(b, start, p);
    return v == StraceNumbers.INVALID ? new Value.Expr(text) : new Value.Num(v, text);
  }

  /** {@code STRING} or {@code TRUNCATED_STRING} ({@code "abc"...}). */
  private Value string() {
    int open = p;
    int q = p + 1;
    while (true) {
      if (q >= end) {
        throw DECLINE;
      }
      byte c = b[q];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        if (q + 1 >= end || b[q + 1] == '\r' || b[q + 1] == '\n') {
          throw DECLINE;
        }
        q += 2;
      } else if (c == '\r' || c == '\n') {
        throw DECLINE;
      } else {
        q++;
      }
    }
    int close = q;
    p = close + 1;
    boolean truncated = p + 2 < end && b[p] == '.' && b[p + 1] == '.' && b[p + 2] == '.';
    if (truncated) {
      p += 3;
    }
    return new Value.Str(CEscapes.decode(b, open + 1, close), truncated);
  }

  /** {@code function=identifier LPAREN (value (COMMA value)*)? RPAREN}: {@code makedev(0xfe, 0)}. */
  private Value macroCall(String function) {
    enter();
    p = skipWs(p + 1);
    List<Value> args = new ArrayList<>(2);
    if (p < end && b[p] == ')') {
      p++;
    } else {
      while (true) {
        args.add(value());
        if (p >= end) {
          throw DECLINE;
        }
        if (b[p] == ')') {
          p++;
          break;
        }
        if (b[p] != ',') {
          throw DECLINE;
        }
        p = skipWs(p + 1);
      }
    }
    depth--;
    return new Value.Call(function, args);
  }

  /** {@code struct : LBRACE (field (COMMA? field)*)? RBRACE} */
  private Value struct() {
    enter();
    p = skipWs(p + 1);
    List<Value> fields = new ArrayList<>(8);
    while (true) {
      if (p >= end) {
        throw DECLINE;
      }
      if (b[p] == '}') {
        p++;
        break;
      }
      if (!fields.isEmpty() && b[p] == ',') {
        p = skipWs(p + 1);
        if (p < end && b[p] == '}') {
          throw DECLINE; // `{a,}`: not in the grammar
        }
      }
      fields.add(namedOrValue());
      skipWs();
    }
    depth--;
    return new Value.Struct(fields);
  }

  /**
   * {@code list : TILDE? LBRACKET (element (COMMA? element)*)? RBRACKET}, built as {@link
   * AstBuilder#visitListValue} does: space-separated or a lone symbol is a bit set. Elements that
   * start with {@code [} (indexed {@code [[VINTR]=0x3]} or nested lists) decline.
   */
  private Value list(boolean complement) {
    if (startsWith(p, "[pid ") || startsWith(p, "[ P")) {
      throw DECLINE; // BRACKET_PID and PERSONALITY tokens start like a list
    }
    enter();
    p = skipWs(p + 1);
    List<Value> elements = new ArrayList<>(8);
    boolean commas = false;
    while (true) {
      if (p >= end) {
        throw DECLINE;
      }
      if (b[p] == ']') {
        p++;
        break;
      }
      if (!elements.isEmpty() && b[p] == ',') {
        commas = true;
        p = skipWs(p + 1);
        if (p < end && b[p] == ']') {
          throw DECLINE;
        }
      }
      if (p < end && b[p] == '[') {
        throw DECLINE;
      }
      elements.add(value());
      skipWs();
    }
    depth--;
    boolean set =
        complement
            || (!commas && elements.size() > 1)
            || (elements.size() == 1 && elements.get(0) instanceof Value.Sym);
    return set ? new Value.BitSet(elements, complement) : new Value.Array(elements);
  }

  // ----------------------------------------------------------------------------------- tokens

  /** {@code v} followed by an optional ANNOTATION ({@code 3</etc/passwd>}, {@code AT_FDCWD</tmp>}). */
  private Value annotated(Value v) {
    int q = skipWs(p);
    if (q >= end || b[q] != '<') {
      return v;
    }
    int close = annotationEnd(q);
    if (close < 0) {
      throw DECLINE;
    }
    p = close;
    return new Value.Annotated(v, Utf8Text.decode(Arrays.copyOfRange(b, q + 1, close - 1)));
  }

  /**
   * The end (exclusive) of the ANNOTATION token starting at {@code b[start] == '<'}, or -1 when
   * there is none or another token would win there.
   *
   * <p>The token is {@code '<' ~[<>\r\n] PART* '>'} with {@code PART : '\\' ~[\r\n] | '->' |
   * '<' PART* '>' | ~[<>\\\r\n]}, and ANTLR takes the longest match: {@code </a->, "x>"} could
   * extend past the first {@code >} (read as the {@code ->} of a part). So this runs the token as
   * a small automaton over sets of nesting depths (bit d set: inside d open brackets), remembering
   * the last position where the outermost bracket closed.
   */
  private int annotationEnd(int start) {
    if (start + 1 >= end) {
      return -1;
    }
    byte first = b[start + 1];
    if (first == '<' || first == '>' || first == '\r' || first == '\n' || isDigit(first) || first == '.'
        || startsWith(start, "<unfinished ...>") || startsWith(start, "<detached ...>")
        || startsWith(start, "<pid changed to ")) {
      // `<1.5>` is a DURATION; `<unfinished ...>`, `<detached ...>`, `<... x resumed>`,
      // `<pid changed to N ...>` are markers; all win ties with ANNOTATION. Left to the grammar.
      return -1;
    }
    long ready = 1L << 1; // after '<' X: depth 1, ready for a part or the closing '>'
    long escaped = 0; // after a backslash: any char but CR/LF completes the part
    long arrow = 0; // after '-', which may start a '->' part
    int accepted = -1;
    for (int q = start + 2; q < end && (ready | escaped | arrow) != 0; q++) {
      byte c = b[q];
      long r;
      long e = 0;
      long a = 0;
      switch (c) {
        case '>':
          if ((ready & 2) != 0) {
            accepted = q + 1;
          }
          r = ((ready >>> 1) & ~1L) | arrow | escaped;
          break;
        case '<':
          if ((ready & (1L << 62)) != 0) {
            return -1; // too deep for the bit set
          }
          r = (ready << 1) | escaped;
          break;
        case '\\':
          r = escaped;
          e = ready;
          break;
        case '-':
          r = ready | escaped;
          a = ready;
          break;
        case '\r':
        case '\n':
          r = 0;
          break;
        default:
          r = ready | escaped;
      }
      ready = r;
      escaped = e;
      arrow = a;
    }
    return accepted;
  }

  private boolean isPipe(int q) {
    return q < end && b[q] == '|' && !(q + 1 < end && b[q + 1] == '|');
  }

  /**
   * After a value's expression: an operator other than {@code |} (kept as text by the grammar),
   * or an {@code or} alternative, is left to the grammar. So is {@code -} or {@code ~} in a
   * comma-less list, where a new element and an operator cannot be told apart by one look.
   */
  private void declineOnOperatorOrOr() {
    if (p >= end) {
      return;
    }
    switch (b[p]) {
      case '|':
      case '&':
      case '!':
      case '<':
      case '>':
      case '+':
      case '-':
      case '*':
      case '/':
      case '~':
      case '@':
      case '(':
        throw DECLINE;
      case '=':
        if (!(p + 1 < end && b[p + 1] == '>')) {
          throw DECLINE;
        }
        return;
      case 'o':
        if (p + 1 < end && b[p + 1] == 'r' && (p + 2 >= end || !isIdentPart(b[p + 2]))) {
          throw DECLINE;
        }
        return;
      default:
    }
  }

  /** The index of the {@code *} of the {@code *&#47;} closing a COMMENT at p, or -1 if none starts at p. */
  private int commentClose() {
    if (p + 1 >= end || b[p] != '/' || b[p + 1] != '*') {
      return -1;
    }
    for (int q = p + 2; q + 1 < end; q++) {
      if (b[q] == '*' && b[q + 1] == '/') {
        return q;
      }
    }
    return -1; // `/*` without an end is SLASH STAR
  }

  /** The comment's text as {@link AstBuilder} keeps it (stripped); moves p past it. */
  private String comment(int close) {
    String text = new String(b, p + 2, close - p - 2, StandardCharsets.ISO_8859_1).strip();
    p = close + 2;
    return text;
  }

  private String identifier(int start, int identEnd) {
    if (identEnd - start == 2 && b[start] == 'o' && b[start + 1] == 'r') {
      throw DECLINE; // the OR token
    }
    return latin1(start, identEnd);
  }

  private int identEnd(int q) {
    q++;
    while (q < end && isIdentPart(b[q])) {
      q++;
    }
    return q;
  }

  private boolean startsWith(int at, String ascii) {
    if (end - at < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[at + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw DECLINE;
    }
  }

  private void skipWs() {
    p = skipWs(p);
  }

  private int skipWs(int q) {
    while (q < end && (b[q] == ' ' || b[q] == '\t')) {
      q++;
    }
    return q;
  }

  private String latin1(int start, int stop) {
    return new String(b, start, stop - start, StandardCharsets.ISO_8859_1);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isIdentStart(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(byte c) {
    return isIdentStart(c) || isDigit(c);
  }
}
