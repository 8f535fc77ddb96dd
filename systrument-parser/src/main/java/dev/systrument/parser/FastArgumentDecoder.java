package dev.systrument.parser;

import static dev.systrument.parser.TokenChars.isDigit;
import static dev.systrument.parser.TokenChars.isHex;
import static dev.systrument.parser.TokenChars.isIdentPart;
import static dev.systrument.parser.TokenChars.isIdentStart;

import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-written decoder for the argument texts real logs are made of, tried before the grammar:
 * {@code AT_FDCWD</work>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC}, {@code 3</etc/passwd>,
 * {st_mode=S_IFREG|0644, st_size=34547, ...}}, {@code ["make", "-s"]},
 * {@code child_stack=NULL, flags=CLONE_VM|SIGCHLD}, with C comments after values (strace's
 * {@code 35 vars} after an envp pointer, dates after {@code st_atime=} under -v).
 *
 * <p>Why: exporters decode every syscall's arguments, and the grammar ({@code argumentList} in
 * Strace.g4, through ANTLR) takes about 5 µs per text on a build log where this class takes about
 * 0.5 µs (DecoderBenchmark). It reads bytes directly and builds exactly the values {@link
 * AstBuilder} would build.
 *
 * <p>The grammar stays the one definition of the language. This decoder covers a subset (strings,
 * numbers, symbols, {@code A|B} flags, {@code -y} annotations, named arguments, comments, {@code =>},
 * structs, lists, bit sets, macro calls like {@code makedev(0xfe, 0)}) and <em>declines</em>
 * (returns null) on anything else or anything it is unsure about, such as expressions with
 * {@code & + - /} ({@code 1+2}), {@code or} alternatives, indexed elements
 * ({@code [[VINTR]=0x3]}), or texts the grammar rejects. FastArgumentDecoderDifferentialTest holds
 * it to the grammar on every argument of the corpus and of the benchmark logs, and on mutated
 * texts, where it must agree or decline.
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

  /*
   * Names, numbers and -y paths repeat millions of times in a build log (O_RDONLY, st_mode, 4096,
   * /usr/lib/x86_64-linux-gnu/libc.so.6): these caches hand out one immutable object per text
   * instead of a new String each time. Shared by all threads without locks: a slot holds one
   * immutable entry, so a race only costs a miss.
   */
  private static final TokenCache<Value.Sym> SYMBOLS = new TokenCache<>(2048, 48, (b, s, e) -> new Value.Sym(latin1(b, s, e)));
  static final TokenCache<String> NAMES = new TokenCache<>(1024, 48, FastArgumentDecoder::latin1);
  private static final TokenCache<Value> NUMBERS = new TokenCache<>(2048, 6, FastArgumentDecoder::number);
  private static final TokenCache<Value> NEGATIVE_NUMBERS = new TokenCache<>(256, 6, FastArgumentDecoder::negativeNumber);
  static final TokenCache<String> ANNOTATIONS =
      new TokenCache<>(4096, 512, (b, s, e) -> Utf8Text.decode(Arrays.copyOfRange(b, s, e)));

  /**
   * One decoder per thread, reused: a build log decodes a million texts, and the decoder with its
   * scratch stack was a fifth of the allocation per text. Not re-entrant (nothing in it calls back
   * into {@link #decode}).
   */
  private static final ThreadLocal<FastArgumentDecoder> DECODERS = ThreadLocal.withInitial(FastArgumentDecoder::new);

  private byte[] b;
  private int end;
  private int p;
  private int depth;
  /** Elements of the lists being built (arguments, fields, elements), innermost on top. */
  private Value[] stack = new Value[16];
  private int top;
  /** Brackets and prefix operators ({@code ( [ { < - ~ ! &}) inside comments and annotations. */
  private int looseBrackets;
  /**
   * A {@code "} in a comment or annotation: the nesting check's own string tracking may then
   * count string contents as brackets, so the bound of {@link #mayOverflowNesting} does not hold.
   */
  private boolean quoteOutsideStrings;

  private FastArgumentDecoder() {}

  private void reset(byte[] text) {
    b = text;
    end = text.length;
    p = 0;
    depth = 0;
    top = 0;
    looseBrackets = 0;
    quoteOutsideStrings = false;
  }

  /** As {@link #decode(byte[], int)} with the default nesting limit. */
  static List<Value> decode(byte[] text) {
    return decode(text, ReaderOptions.DEFAULT_MAX_NESTING);
  }

  /**
   * The values of {@code text} exactly as the grammar decodes them, or null to ask the grammar
   * (which reports nesting deeper than {@code maxNesting}).
   */
  static List<Value> decode(byte[] text, int maxNesting) {
    FastArgumentDecoder d = DECODERS.get();
    d.reset(text);
    try {
      List<Value> values = d.argumentList();
      if (d.mayOverflowNesting(maxNesting)) {
        return null; // the grammar reports it
      }
      return values;
    } catch (Decline e) {
      return null;
    } finally {
      d.b = null; // the scratch stack may still reference the last values: a few small objects
    }
  }

  // ------------------------------------------------------------------------------- grammar rules

  /** {@code argumentList : (argument (COMMA argument)*)? COMMA? EOF} */
  private List<Value> argumentList() {
    skipWs();
    if (p < end && b[p] == ',') {
      p++;
      skipWs();
      if (p == end) {
        return List.of();
      }
      throw DECLINE;
    }
    while (p < end) {
      push(namedOrValue());
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
    return popList(0);
  }

  /** {@code argument} and {@code field}: {@code (name=identifier EQUALS)? value}. */
  private Value namedOrValue() {
    if (p < end && isIdentStart(b[p])) {
      int nameEnd = identEnd(p);
      int q = skipWs(nameEnd);
      if (q < end && b[q] == '=' && !(q + 1 < end && (b[q + 1] == '=' || b[q + 1] == '>'))) {
        declineOnOr(p, nameEnd);
        String name = NAMES.get(b, p, nameEnd);
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

  /**
   * {@code expression : operand (operator operand)*}: {@code A|B} flags, or, with any other of the
   * operators {@link #operatorLength} takes, the expression's text as the grammar keeps it ({@code
   * WIFEXITED(s) && WEXITSTATUS(s) == 0} from wait4, {@code 8192*1024} from getrlimit: every child a
   * build reaps has one, so declining them sent a build log's wait4s to the grammar).
   */
  private Value expression() {
    int start = p;
    Value first = operand();
    int q = skipWs(p);
    int length = operatorLength(q);
    if (length == 0) {
      return first;
    }
    int base = top;
    push(first);
    boolean flags = true;
    while (length > 0) {
      flags &= length == 1 && b[q] == '|';
      p = skipWs(q + length);
      push(operand());
      q = skipWs(p);
      length = operatorLength(q);
    }
    if (flags) {
      return new Value.Flags(popList(base));
    }
    top = base; // the operands were only read to know where the expression ends
    return new Value.Expr(latin1(start, p));
  }

  /**
   * The length of the binary operator at q, or 0: {@code |}, and those no operand can start with,
   * so that in a comma-less list ({@code [CHLD TERM]}) an operator and a new element cannot be
   * confused: {@code && || == != * << >>}. The others ({@code & + - /}) still decline, in {@link
   * #declineOnOperatorOrOr}.
   */
  private int operatorLength(int q) {
    if (q >= end) {
      return 0;
    }
    boolean doubled = q + 1 < end && b[q + 1] == b[q];
    switch (b[q]) {
      case '|':
        return doubled ? 2 : 1;
      case '&':
      case '<':
      case '>':
        return doubled ? 2 : 0;
      case '=':
        return doubled ? 2 : 0;
      case '!':
        return q + 1 < end && b[q + 1] == '=' ? 2 : 0;
      case '*':
        return q + 1 < end && b[q + 1] == '/' ? 0 : 1; // `*/` ends a comment, which the caller reads
      default:
        return 0;
    }
  }

  /** {@code operand}: a primary, or {@code -NUMBER}; other prefix operators decline. */
  private Value operand() {
    if (p + 1 < end && b[p] == '-' && isDigit(b[p + 1])) {
      int start = p;
      p++;
      scanNumber(); // the same token checks as the positive number, without its cache lookup
      Value negative = NEGATIVE_NUMBERS.get(b, start, p);
      if (negative == null) {
        throw DECLINE; // not a valid number: the grammar keeps `-09` as text
      }
      return negative;
    }
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
      int start = p;
      int identEnd = identEnd(p);
      declineOnOr(start, identEnd);
      p = identEnd;
      if (p < end && b[p] == '(') {
        return macroCall(NAMES.get(b, start, identEnd));
      }
      if (skipWs(p) < end && b[skipWs(p)] == '(') {
        throw DECLINE; // `a (b)`: a call, or a symbol then a group in a comma-less list
      }
      return annotated(SYMBOLS.get(b, start, identEnd));
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
    scanNumber();
    return NUMBERS.get(b, start, p);
  }

  /** Moves past a {@code NUMBER} token; declines what the grammar lexes as something else. */
  private void scanNumber() {
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
  }

  /**
   * {@code -NUMBER} as {@link AstBuilder#visitNegated} builds it, or null where it keeps the text
   * as an expression. parseInteger negates the value exactly as the builder does.
   */
  private static Value negativeNumber(byte[] b, int start, int end) {
    long v = StraceNumbers.parseInteger(b, start, end);
    return v == StraceNumbers.INVALID ? null : new Value.Num(v, latin1(b, start, end));
  }

  /** A NUMBER token's value, as {@link AstBuilder#visitNumber} builds it. */
  private static Value number(byte[] b, int start, int end) {
    String text = latin1(b, start, end);
    long v = StraceNumbers.parseInteger(b, start, end);
    return v == StraceNumbers.INVALID ? new Value.Expr(text) : new Value.Num(v, text);
  }

  /** {@code STRING} or {@code TRUNCATED_STRING} ({@code "abc"...}). */
  private Value string() {
    int open = p;
    int q = p + 1;
    boolean escapes = false;
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
        escapes = true;
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
    byte[] bytes = escapes ? CEscapes.decode(b, open + 1, close) : Arrays.copyOfRange(b, open + 1, close);
    return new Value.Str(bytes, truncated);
  }

  /** {@code function=identifier LPAREN (value (COMMA value)*)? RPAREN}: {@code makedev(0xfe, 0)}. */
  private Value macroCall(String function) {
    enter();
    p = skipWs(p + 1);
    int base = top;
    if (p < end && b[p] == ')') {
      p++;
    } else {
      while (true) {
        push(value());
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
    return new Value.Call(function, popList(base));
  }

  /** {@code struct : LBRACE (field (COMMA? field)*)? RBRACE} */
  private Value struct() {
    enter();
    p = skipWs(p + 1);
    int base = top;
    while (true) {
      if (p >= end) {
        throw DECLINE;
      }
      if (b[p] == '}') {
        p++;
        break;
      }
      if (top > base && b[p] == ',') {
        p = skipWs(p + 1);
        if (p < end && b[p] == '}') {
          throw DECLINE; // `{a,}`: not in the grammar
        }
      }
      push(namedOrValue());
      skipWs();
    }
    depth--;
    return new Value.Struct(popList(base));
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
    int base = top;
    boolean commas = false;
    while (true) {
      if (p >= end) {
        throw DECLINE;
      }
      if (b[p] == ']') {
        p++;
        break;
      }
      if (top > base && b[p] == ',') {
        commas = true;
        p = skipWs(p + 1);
        if (p < end && b[p] == ']') {
          throw DECLINE;
        }
      }
      if (p < end && b[p] == '[') {
        throw DECLINE;
      }
      push(value());
      skipWs();
    }
    depth--;
    List<Value> elements = popList(base);
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
    int close = annotationEnd(b, q, end);
    if (close < 0) {
      throw DECLINE;
    }
    noteLooseText(q + 1, close - 1);
    p = close;
    return new Value.Annotated(v, ANNOTATIONS.get(b, q + 1, close - 1));
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
  static int annotationEnd(byte[] b, int start, int end) {
    if (start + 1 >= end) {
      return -1;
    }
    byte first = b[start + 1];
    if (first == '<' || first == '>' || first == '\r' || first == '\n' || isDigit(first) || first == '.'
        || startsWith(b, start, end, "<unfinished ...>") || startsWith(b, start, end, "<detached ...>")
        || startsWith(b, start, end, "<pid changed to ")) {
      // `<1.5>` is a DURATION; `<unfinished ...>`, `<detached ...>`, `<... x resumed>`,
      // `<pid changed to N ...>` are markers; all win ties with ANNOTATION. Left to the grammar.
      return -1;
    }
    // The common case, a path without brackets, backslashes or `->` (`</usr/lib/libc.so.6>`):
    // the token ends at the first '>', where the automaton below would stop too.
    for (int q = start + 1; q < end; q++) {
      byte c = b[q];
      if (c == '>') {
        if (b[q - 1] != '-' || q == start + 1) {
          return q + 1;
        }
        break;
      }
      if (c == '<' || c == '\\' || c == '\r' || c == '\n') {
        break;
      }
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

  /** The index of the {@code *} of the end of a COMMENT starting at p, or -1 if none starts at p. */
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
    noteLooseText(p + 2, close);
    String text = new String(b, p + 2, close - p - 2, StandardCharsets.ISO_8859_1).strip();
    p = close + 2;
    return text;
  }

  private void declineOnOr(int start, int identEnd) {
    if (identEnd - start == 2 && b[start] == 'o' && b[start + 1] == 'r') {
      throw DECLINE; // the OR token
    }
  }

  private int identEnd(int q) {
    q++;
    while (q < end && isIdentPart(b[q])) {
      q++;
    }
    return q;
  }

  private boolean startsWith(int at, String ascii) {
    return startsWith(b, at, end, ascii);
  }

  private static boolean startsWith(byte[] b, int at, int end, String ascii) {
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

  private void push(Value v) {
    if (top == stack.length) {
      stack = Arrays.copyOf(stack, top * 2);
    }
    stack[top++] = v;
  }

  /**
   * The values pushed since {@code base}, popped, as an immutable list: the model's records and
   * {@code Arguments} keep such a list as is ({@code List.copyOf}) instead of copying it again.
   */
  private List<Value> popList(int base) {
    Value[] s = stack;
    int n = top - base;
    top = base;
    switch (n) {
      case 0: return List.of();
      case 1: return List.of(s[base]);
      case 2: return List.of(s[base], s[base + 1]);
      case 3: return List.of(s[base], s[base + 1], s[base + 2]);
      case 4: return List.of(s[base], s[base + 1], s[base + 2], s[base + 3]);
      case 5: return List.of(s[base], s[base + 1], s[base + 2], s[base + 3], s[base + 4]);
      case 6: return List.of(s[base], s[base + 1], s[base + 2], s[base + 3], s[base + 4], s[base + 5]);
      default: return List.of(Arrays.copyOfRange(s, base, base + n));
    }
  }

  /** Notes what the nesting check will see in a comment's or annotation's text. */
  private void noteLooseText(int start, int stop) {
    for (int i = start; i < stop; i++) {
      switch (b[i]) {
        case '"':
          quoteOutsideStrings = true;
          break;
        case '(': case '[': case '{': case '<': case '-': case '~': case '!': case '&':
          looseBrackets++;
          break;
        default:
      }
    }
  }

  /**
   * Whether {@link StraceGrammar#nestingOverflowColumn}, which the grammar runs first, might
   * refuse the text: then the grammar must answer. Its depth counts every bracket outside strings;
   * outside comments and annotations ours are balanced and at most MAX_DEPTH deep, and its runs
   * of prefix operators outside them are single characters ({@code -1}, {@code ~[}); so only the
   * loose brackets in comments and annotations can add depth (each at most one level). Checked
   * exactly (a scan of the text) only when that bound does not settle it.
   */
  private boolean mayOverflowNesting(int maxNesting) {
    if (!quoteOutsideStrings && MAX_DEPTH + looseBrackets + 1 < maxNesting) {
      return false;
    }
    return StraceGrammar.nestingOverflowColumn(b, 0, end, maxNesting) >= 0;
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
    return latin1(b, start, stop);
  }

  private static String latin1(byte[] b, int start, int stop) {
    return new String(b, start, stop - start, StandardCharsets.ISO_8859_1);
  }





  /**
   * A direct-mapped cache from short byte ranges to immutable values. Each slot holds one
   * immutable entry (key and value together), so unsynchronized use from several threads is safe:
   * a reader sees a whole entry or another one, never a key paired with a wrong value.
   */
  static final class TokenCache<V> {
    @FunctionalInterface
    interface Factory<V> {
      V create(byte[] b, int start, int end);
    }

    private record Entry<V>(byte[] key, V value) {}

    private final Entry<V>[] slots;
    private final int maxLength;
    private final Factory<V> factory;

    @SuppressWarnings("unchecked")
    TokenCache(int slotsPowerOfTwo, int maxLength, Factory<V> factory) {
      this.slots = (Entry<V>[]) new Entry<?>[slotsPowerOfTwo];
      this.maxLength = maxLength;
      this.factory = factory;
    }

    V get(byte[] b, int start, int end) {
      if (end - start > maxLength) {
        return factory.create(b, start, end);
      }
      // Hash the first and last 16 bytes only: -y paths share long prefixes, differ at the end.
      int h = end - start;
      int headEnd = Math.min(end, start + 16);
      for (int i = start; i < headEnd; i++) {
        h = 31 * h + b[i];
      }
      for (int i = Math.max(headEnd, end - 16); i < end; i++) {
        h = 31 * h + b[i];
      }
      int slot = (h ^ (h >>> 15)) & (slots.length - 1);
      Entry<V> e = slots[slot];
      if (e != null && Arrays.equals(e.key, 0, e.key.length, b, start, end)) {
        return e.value;
      }
      V v = factory.create(b, start, end);
      slots[slot] = new Entry<>(Arrays.copyOfRange(b, start, end), v);
      return v;
    }
  }
}
