package dev.systrument.parser;

import dev.systrument.parser.internal.grammar.StraceLexer;
import dev.systrument.parser.internal.grammar.StraceParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CodePointBuffer;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Runs the grammar on one line (or one argument text) and turns ANTLR's failures into one
 * located message in strace terms.
 *
 * <p>Parsing is two-stage, as ANTLR recommends for speed: SLL prediction with a bail-out error
 * strategy first (right for nearly every line), full LL only when SLL gives up; a line that fails
 * both is really wrong, and the LL failure is the one reported. There is no error recovery: a bad
 * line is reported once and skipped, so ANTLR's "missing ')' at ..." guesses never reach users.
 */
final class StraceGrammar {
  private StraceGrammar() {}

  /** A parse: the tree, or the 0-based column and message of the first error. */
  record Outcome<T>(T tree, int column, String message) {
    boolean ok() {
      return tree != null;
    }
  }

  static Outcome<StraceParser.LineContext> parseLine(byte[] b, int start, int end) {
    return parseLine(b, start, end, ReaderOptions.DEFAULT_MAX_NESTING);
  }

  /**
   * @param maxNesting deeper bracket nesting is reported, not parsed ({@link
   *     ReaderOptions#maxNesting()}): the parser is recursive, so without a limit a hostile line
   *     could overflow the stack
   */
  static Outcome<StraceParser.LineContext> parseLine(byte[] b, int start, int end, int maxNesting) {
    return parse(b, start, end, maxNesting, StraceParser::line);
  }

  static Outcome<StraceParser.ArgumentListContext> parseArguments(byte[] b, int start, int end, int maxNesting) {
    return parse(b, start, end, maxNesting, StraceParser::argumentList);
  }

  private static <T extends ParserRuleContext> Outcome<T> parse(
      byte[] b, int start, int end, int maxNesting, Function<StraceParser, T> rule) {
    int tooDeep = nestingOverflowColumn(b, start, end, maxNesting);
    if (tooDeep >= 0) {
      return new Outcome<>(null, tooDeep, "too deeply nested (more than " + maxNesting + " levels of brackets)");
    }
    // Token positions must count from the line's first byte, so the stream gets its own array.
    byte[] input = start == 0 && end == b.length ? b : Arrays.copyOfRange(b, start, end);
    StraceLexer lexer =
        new StraceLexer(CodePointCharStream.fromBuffer(CodePointBuffer.withBytes(ByteBuffer.wrap(input))));
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    StraceParser parser = new StraceParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(new BailErrorStrategy());
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    try {
      try {
        return new Outcome<>(rule.apply(parser), -1, null);
      } catch (ParseCancellationException sllFailed) {
        tokens.seek(0);
        parser.reset();
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        try {
          return new Outcome<>(rule.apply(parser), -1, null);
        } catch (ParseCancellationException e) {
          return describe(parser, e.getCause() instanceof RecognitionException r ? r : null, end - start);
        }
      }
    } catch (StackOverflowError e) {
      // The limit is more than this thread's stack holds (about 500 levels of '[' in 1 MB): still
      // a located answer.
      Token at = parser.getCurrentToken();
      return new Outcome<>(null, at == null ? 0 : Math.max(0, at.getStartIndex()), "too deeply nested (parser stack exhausted)");
    }
  }

  /**
   * The 0-based column where nesting first exceeds {@code maxNesting}, or -1. Nesting is brackets,
   * and runs of prefix operators ({@code - ~ ! &}), which the grammar also handles by recursion.
   */
  static int nestingOverflowColumn(byte[] b, int start, int end, int maxNesting) {
    int depth = 0;
    int unary = 0;
    boolean inString = false;
    for (int p = start; p < end; p++) {
      byte c = b[p];
      if (!inString && c != ' ') {
        unary = c == '-' || c == '~' || c == '!' || c == '&' ? unary + 1 : 0;
        if (unary > maxNesting) {
          return p - start;
        }
      }
      if (inString) {
        if (c == '\\') {
          p++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '(' || c == '[' || c == '{' || c == '<') {
        if (++depth > maxNesting) {
          return p - start;
        }
      } else if (c == ')' || c == ']' || c == '}' || c == '>') {
        depth = Math.max(0, depth - 1);
      }
    }
    return -1;
  }

  private static <T> Outcome<T> describe(StraceParser parser, RecognitionException e, int length) {
    Token offending = e != null && e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
    IntervalSet expected;
    try {
      expected = e != null ? e.getExpectedTokens() : parser.getExpectedTokens();
    } catch (RuntimeException ignored) {
      expected = new IntervalSet();
    }
    ParserRuleContext context = e != null && e.getCtx() instanceof ParserRuleContext c ? c : parser.getContext();
    int column = offending.getType() == Token.EOF ? length : offending.getCharPositionInLine();
    if (offending.getType() == StraceParser.UNRECOGNIZED && offending.getText().equals("\"")) {
      return new Outcome<>(null, column, "unterminated string: no closing '\"' on this line");
    }
    boolean lineLevel = context instanceof StraceParser.LineContext || context instanceof StraceParser.RecordContext;
    if ((insideContinuation(context) || lineLevel)
        && !containsType(parser, StraceParser.RPAREN)
        && !startsLikeStrace(parser)) {
      return new Outcome<>(null, 0, "not a strace line: expected " + RECORDS + ", or the rest of an unfinished call");
    }
    String found = offending.getType() == Token.EOF ? "end of line" : "'" + printable(offending.getText()) + "'";
    String message = "unexpected " + found;
    String wanted;
    if (lineLevel && unendedSyscall(context)) {
      wanted = "',' or ')' closing the arguments, or <unfinished ...>";
    } else if (lineLevel && expected.contains(Token.EOF) && expected.size() == 1) {
      wanted = "end of line";
    } else {
      wanted = expectedText(expected, context);
    }
    if (!wanted.isEmpty()) {
      message += ", expected " + wanted;
    }
    return new Outcome<>(null, column, message);
  }

  /**
   * A token's text for a message: the lexer reads bytes as code points 0-255, so anything outside
   * printable ASCII is a raw byte of the log (a NUL, an ESC, a byte of a UTF-8 sequence) and is
   * shown as {@code \xHH}, as in the problem's excerpt.
   */
  static String printable(String token) {
    StringBuilder sb = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append("\\x").append(Character.forDigit((c >> 4) & 15, 16)).append(Character.forDigit(c & 15, 16));
      }
    }
    return sb.toString();
  }

  private static final String RECORDS =
      "a syscall (name(...)), a resumed call (<... name resumed>), a signal (--- SIG... ---), "
          + "an exit (+++ ... +++) or a strace message";

  /** A prefix, a timestamp, or a record's first token: the line is strace's, just broken. */
  private static boolean startsLikeStrace(StraceParser parser) {
    switch (parser.getInputStream().get(0).getType()) {
      case StraceParser.NUMBER:
      case StraceParser.BRACKET_PID:
      case StraceParser.DECIMAL:
      case StraceParser.TIME_OF_DAY:
      case StraceParser.RESUMED:
      case StraceParser.SIGNAL_MARK:
      case StraceParser.STOPPED_BY:
      case StraceParser.EXITED_WITH:
      case StraceParser.KILLED_BY:
      case StraceParser.SUPERSEDED_BY:
        return true;
      default:
        return parser.getInputStream().size() > 1 && parser.getInputStream().get(1).getType() == StraceParser.LPAREN;
    }
  }

  private static boolean insideContinuation(ParserRuleContext ctx) {
    for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
      if (c instanceof StraceParser.ContinuationContext) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsType(StraceParser parser, int type) {
    org.antlr.v4.runtime.TokenStream tokens = parser.getInputStream();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).getType() == type) {
        return true;
      }
    }
    return false;
  }

  /** True when the line parsed so far holds a syscall whose arguments were never closed. */
  private static boolean unendedSyscall(ParserRuleContext context) {
    ParserRuleContext root = context;
    while (root != null && root.getParent() != null) {
      root = root.getParent();
    }
    if (root instanceof StraceParser.RecordLineContext line) {
      StraceParser.RecordContext record = line.record();
      return record != null && record.syscall() != null && record.syscall().syscallEnd() == null;
    }
    return false;
  }

  /**
   * Names what the parser wanted in strace terms: not token names (`RPAREN`, `IDENT`) but what a
   * user would look for in the line (`')' closing the arguments`, `a value`).
   */
  static String expectedText(IntervalSet expected, ParserRuleContext context) {
    if (context instanceof StraceParser.LineContext || context instanceof StraceParser.RecordContext) {
      return RECORDS;
    }
    if (context instanceof StraceParser.ResultContext) {
      return "the return value (a number or '?')";
    }
    Set<String> parts = new LinkedHashSet<>();
    boolean number = false;
    boolean value = false;
    boolean paren = false;
    for (int type : expected.toArray()) {
      switch (type) {
        case StraceParser.NUMBER:
          number = true;
          break;
        case StraceParser.STRING:
        case StraceParser.TRUNCATED_STRING:
        case StraceParser.IDENT:
        case StraceParser.OR:
        case StraceParser.LBRACE:
        case StraceParser.LBRACKET:
        case StraceParser.TILDE:
        case StraceParser.BANG:
        case StraceParser.AMP:
        case StraceParser.AT:
        case StraceParser.ELLIPSIS:
        case StraceParser.COMMENT:
          value = true;
          break;
        case StraceParser.MINUS:
          break;
        case StraceParser.LPAREN:
          paren = true;
          break;
        default:
          String d = describeToken(type);
          if (d != null) {
            parts.add(d);
          }
      }
    }
    List<String> out = new ArrayList<>();
    if (value) {
      out.add("a value (number, \"string\", NAME, {struct} or [list])");
    } else if (number) {
      out.add("a number");
    } else if (paren) {
      out.add("'('"); // `(value)` starts a value too; alone it is a macro call's or result's '('
    }
    out.addAll(parts);
    return String.join(" or ", out);
  }

  private static String describeToken(int type) {
    switch (type) {
      case StraceParser.RPAREN:
        return "')'";
      case StraceParser.RBRACE:
        return "'}' closing the struct";
      case StraceParser.RBRACKET:
        return "']'";
      case StraceParser.LPAREN:
        return "'('";
      case StraceParser.COMMA:
        return "','";
      case StraceParser.EQUALS:
        return "'=' and the return value";
      case StraceParser.QUESTION:
        return "'?'";
      case StraceParser.UNFINISHED:
        return "<unfinished ...>";
      case StraceParser.DETACHED:
        return "<detached ...>";
      case StraceParser.DURATION:
        return "a duration like <0.000012>";
      case StraceParser.SIGNAL_MARK:
        return "'---'";
      case StraceParser.EXIT_MARK:
        return "'+++'";
      case StraceParser.CORE_DUMPED:
        return "(core dumped)";
      case StraceParser.CHANGED_TO:
        return "'=>'";
      case StraceParser.PIPE:
        return "'|'";
      case Token.EOF:
        return "end of line";
      default:
        return null;
    }
  }
}
