package dev.systrument.parser;

import dev.systrument.model.value.Value;
import dev.systrument.parser.FramedLine.Clock;
import dev.systrument.parser.FramedLine.End;
import dev.systrument.parser.FramedLine.Kind;
import dev.systrument.parser.internal.grammar.StraceBaseVisitor;
import dev.systrument.parser.internal.grammar.StraceParser.*;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The one place where parse trees become model objects: values become the sealed {@link Value}
 * tree, and a whole line fills a {@link FramedLine} exactly as {@link LineFramer} would.
 *
 * <p>Texts are taken from the input bytes by position (the grammar skips whitespace, but an
 * expression like {@code WIFEXITED(s) && WEXITSTATUS(s) == 0} keeps its spacing). The input is
 * bytes read as ISO-8859-1, so a character index is a byte index.
 */
final class AstBuilder extends StraceBaseVisitor<Value> {
  private final byte[] bytes;
  private final int base;

  /** A builder for a tree parsed from {@code bytes[base, ...)}. */
  AstBuilder(byte[] bytes, int base) {
    this.bytes = bytes;
    this.base = base;
  }

  // ------------------------------------------------------------------------------------ values

  List<Value> arguments(ArgumentListContext ctx) {
    List<Value> values = new ArrayList<>(ctx.argument().size());
    for (ArgumentContext a : ctx.argument()) {
      values.add(visit(a));
    }
    return values;
  }

  @Override
  public Value visitArgument(ArgumentContext ctx) {
    Value v = visit(ctx.value());
    return ctx.name == null ? v : new Value.Named(ctx.name.getText(), v);
  }

  @Override
  public Value visitValue(ValueContext ctx) {
    Value before = visit(ctx.before);
    return ctx.after == null ? before : new Value.Changed(before, visit(ctx.after));
  }

  @Override
  public Value visitChoice(ChoiceContext ctx) {
    if (ctx.commented().size() == 1) {
      return visit(ctx.commented(0));
    }
    List<Value> options = new ArrayList<>();
    for (CommentedContext c : ctx.commented()) {
      options.add(visit(c));
    }
    return new Value.Alternatives(options);
  }

  @Override
  public Value visitCommented(CommentedContext ctx) {
    if (ctx.expression() == null) {
      // `[/* 22 entries */]`: strace left the elements out and said how many
      return new Value.Commented(new Value.Ellipsis(), commentText(ctx.COMMENT()));
    }
    Value v = visit(ctx.expression());
    return ctx.COMMENT() == null ? v : new Value.Commented(v, commentText(ctx.COMMENT()));
  }

  @Override
  public Value visitExpression(ExpressionContext ctx) {
    if (ctx.operand().size() == 1) {
      return visit(ctx.operand(0));
    }
    boolean flags = true;
    for (OperatorContext op : ctx.operator()) {
      flags &= op.PIPE() != null;
    }
    if (!flags) {
      return new Value.Expr(text(ctx));
    }
    List<Value> parts = new ArrayList<>();
    for (OperandContext o : ctx.operand()) {
      parts.add(visit(o));
    }
    return new Value.Flags(parts);
  }

  @Override
  public Value visitNegated(NegatedContext ctx) {
    Value inner = visit(ctx.operand());
    if (inner instanceof Value.Num n && n.value() != Long.MIN_VALUE) {
      return new Value.Num(-n.value(), text(ctx));
    }
    return new Value.Expr(text(ctx));
  }

  @Override
  public Value visitInverted(InvertedContext ctx) {
    return new Value.Expr(text(ctx));
  }

  @Override
  public Value visitNotted(NottedContext ctx) {
    return new Value.Expr(text(ctx));
  }

  @Override
  public Value visitAddressOf(AddressOfContext ctx) {
    return new Value.Expr(text(ctx));
  }

  @Override
  public Value visitPlainOperand(PlainOperandContext ctx) {
    return visit(ctx.primary());
  }

  @Override
  public Value visitNumber(NumberContext ctx) {
    Token t = ctx.NUMBER().getSymbol();
    long v = StraceNumbers.parseInteger(bytes, base + t.getStartIndex(), base + t.getStopIndex() + 1);
    Value number = v == StraceNumbers.INVALID ? new Value.Expr(t.getText()) : new Value.Num(v, t.getText());
    return annotate(number, ctx.ANNOTATION());
  }

  @Override
  public Value visitString(StringContext ctx) {
    Token t = ctx.STRING().getSymbol();
    return new Value.Str(unescape(t.getStartIndex() + 1, t.getStopIndex()), false);
  }

  @Override
  public Value visitTruncatedString(TruncatedStringContext ctx) {
    Token t = ctx.TRUNCATED_STRING().getSymbol();
    return new Value.Str(unescape(t.getStartIndex() + 1, t.getStopIndex() - 3), true);
  }

  @Override
  public Value visitAbstractSocketPath(AbstractSocketPathContext ctx) {
    // `sun_path=@"/tmp/.X11-unix/X0"`: Linux abstract socket names; kept as printed
    return new Value.Expr(text(ctx));
  }

  @Override
  public Value visitMacroCall(MacroCallContext ctx) {
    List<Value> args = new ArrayList<>();
    for (ValueContext v : ctx.value()) {
      args.add(visit(v));
    }
    return new Value.Call(ctx.function.getText(), args);
  }

  @Override
  public Value visitSymbol(SymbolContext ctx) {
    return annotate(new Value.Sym(ctx.identifier().getText()), ctx.ANNOTATION());
  }

  @Override
  public Value visitStructValue(StructValueContext ctx) {
    return visit(ctx.struct());
  }

  @Override
  public Value visitStruct(StructContext ctx) {
    List<Value> fields = new ArrayList<>(ctx.field().size());
    for (FieldContext f : ctx.field()) {
      Value v = visit(f.value());
      fields.add(f.name == null ? v : new Value.Named(f.name.getText(), v));
    }
    return new Value.Struct(fields);
  }

  @Override
  public Value visitListValue(ListValueContext ctx) {
    ListContext list = ctx.list();
    List<Value> elements = new ArrayList<>(list.element().size());
    for (ElementContext e : list.element()) {
      elements.add(visit(e));
    }
    boolean commas = !list.COMMA().isEmpty();
    boolean complement = list.TILDE() != null;
    // strace separates set members by spaces and array elements by commas; a lone symbol
    // (`[CHLD]`) is a signal set, a lone number or string (`[0]`, `["ls"]`) an array.
    boolean set =
        complement
            || (!commas && elements.size() > 1)
            || (elements.size() == 1 && elements.get(0) instanceof Value.Sym);
    return set ? new Value.BitSet(elements, complement) : new Value.Array(elements);
  }

  @Override
  public Value visitIndexedElement(IndexedElementContext ctx) {
    return new Value.Indexed(visit(ctx.index), visit(ctx.item));
  }

  @Override
  public Value visitPlainElement(PlainElementContext ctx) {
    return visit(ctx.value());
  }

  @Override
  public Value visitGrouped(GroupedContext ctx) {
    return new Value.Expr(text(ctx));
  }

  @Override
  public Value visitEllipsis(EllipsisContext ctx) {
    return new Value.Ellipsis();
  }

  @Override
  public Value visitResumingMarker(ResumingMarkerContext ctx) {
    return new Value.Expr(text(ctx)); // `<... resuming interrupted read ...>`, kept as printed
  }

  private Value annotate(Value v, TerminalNode annotation) {
    if (annotation == null) {
      return v;
    }
    Token t = annotation.getSymbol();
    return new Value.Annotated(v, utf8(base + t.getStartIndex() + 1, base + t.getStopIndex()));
  }

  private String commentText(TerminalNode comment) {
    String s = comment.getText();
    return s.substring(2, s.length() - 2).strip();
  }

  private String text(ParserRuleContext ctx) {
    return latin1(base + ctx.start.getStartIndex(), base + ctx.stop.getStopIndex() + 1);
  }

  private String latin1(int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private String utf8(int start, int end) {
    return dev.systrument.model.value.Utf8Text.decode(java.util.Arrays.copyOfRange(bytes, start, end));
  }

  /** The bytes a C string literal stands for; {@code from, to} are relative, quotes excluded. */
  private byte[] unescape(int from, int to) {
    return CEscapes.decode(bytes, base + from, base + to);
  }

  // ------------------------------------------------------------------------------------- lines

  /** Fills {@code out} (already {@link FramedLine#reset}) from a parsed line. */
  void frame(LineContext line, FramedLine out) {
    if (line instanceof StackLineContext s) {
      Token t = s.frame;
      int start = base + t.getStartIndex();
      while (bytes[start] != '>') {
        start++;
      }
      out.kind = Kind.STACK;
      out.textStart = start + 2;
      out.textEnd = base + t.getStopIndex() + 1;
    } else if (line instanceof RecordLineContext r) {
      framePrefix(r.prefix(), out);
      frameTimestamp(r.timestamp(), out);
      frameRecord(r.record(), out);
    } else if (line instanceof ContinuationLineContext c) {
      out.kind = Kind.CONTINUATION;
      frameCall(c.continuation().argumentItems(), c.continuation().syscallEnd(), out);
    }
  }

  private void framePrefix(PrefixContext prefix, FramedLine out) {
    Token pid;
    Token comm;
    if (prefix instanceof PlainPrefixContext p) {
      pid = p.pid;
      comm = p.comm;
    } else if (prefix instanceof BracketPrefixContext p) {
      pid = p.pid;
      comm = p.comm;
      out.bracketPrefix = true;
    } else {
      return;
    }
    out.pid = (int) number(pid);
    if (comm != null) {
      out.commStart = base + comm.getStartIndex() + 1;
      out.commEnd = base + comm.getStopIndex();
    }
  }

  private void frameTimestamp(TimestampContext ts, FramedLine out) {
    if (ts == null) {
      return;
    }
    int start = base + ts.start.getStartIndex();
    int end = base + ts.start.getStopIndex() + 1;
    out.clockStart = start;
    if (ts instanceof TimeOfDayContext) {
      out.clock = Clock.TIME_OF_DAY;
      out.clockNs = StraceNumbers.parseTimeOfDayNanos(bytes, start, end);
    } else {
      out.clock = Clock.SECONDS;
      out.clockNs = StraceNumbers.parseSecondsNanos(bytes, start, end);
    }
  }

  private void frameRecord(RecordContext record, FramedLine out) {
    if (record.syscall() != null) {
      SyscallContext s = record.syscall();
      out.kind = Kind.SYSCALL;
      setName(s.name, out);
      frameCall(s.argumentItems(), s.syscallEnd(), out);
    } else if (record.resumed() != null) {
      ResumedContext r = record.resumed();
      out.kind = Kind.RESUMED;
      // `<... NAME resumed>`
      out.nameStart = base + r.marker.getStartIndex() + "<... ".length();
      out.nameEnd = base + r.marker.getStopIndex() + 1 - " resumed>".length();
      if (r.PID_CHANGED() != null) {
        out.pidChangedTo = pidChanged(r.PID_CHANGED().getSymbol());
      }
      frameCall(r.argumentItems(), r.syscallEnd(), out);
    } else if (record.signal() != null) {
      frameSignal(record.signal(), out);
    } else if (record.exit() != null) {
      frameExit(record.exit(), out);
    } else {
      StraceMessageContext m = record.straceMessage();
      Token t = m.start;
      out.textStart = base + t.getStartIndex();
      out.textEnd = base + t.getStopIndex() + 1;
      if (m instanceof AttachedContext || m instanceof DetachedMessageContext) {
        out.kind = m instanceof AttachedContext ? Kind.ATTACHED : Kind.DETACHED;
        out.number = firstNumberIn(t.getText());
      } else if (m instanceof PersonalityContext) {
        out.kind = Kind.PERSONALITY;
        out.number = firstNumberIn(t.getText());
      } else {
        out.kind = Kind.STRACE_OTHER;
      }
    }
  }

  private void frameCall(ArgumentItemsContext items, SyscallEndContext end, FramedLine out) {
    List<ArgumentContext> args = items.argument();
    if (args.isEmpty()) {
      // `getpid()`: an empty range where the arguments would start
      int at = base + Math.max(0, items.start.getStartIndex());
      out.argsStart = at;
      out.argsEnd = at;
    } else {
      Token first = items.changedTo != null ? items.changedTo : args.get(0).start;
      out.argsStart = base + first.getStartIndex();
      out.argsEnd = base + args.get(args.size() - 1).stop.getStopIndex() + 1;
    }
    if (end == null) {
      out.end = End.TORN;
    } else if (end instanceof UnfinishedContext) {
      out.end = End.UNFINISHED;
    } else if (end instanceof DetachedContext) {
      out.end = End.DETACHED;
    } else if (end instanceof PidChangedEndContext p) {
      out.end = End.UNFINISHED;
      out.pidChangedTo = pidChanged(p.PID_CHANGED().getSymbol());
    } else {
      ReturnedContext r = (ReturnedContext) end;
      out.end = End.RETURNED;
      if (r.PID_CHANGED() != null) {
        out.pidChangedTo = pidChanged(r.PID_CHANGED().getSymbol());
      }
      frameResult(r.result(), out);
      if (r.DURATION() != null) {
        Token d = r.DURATION().getSymbol();
        out.durationNs =
            StraceNumbers.parseSecondsNanos(bytes, base + d.getStartIndex() + 1, base + d.getStopIndex());
      }
    }
  }

  private void frameResult(ResultContext r, FramedLine out) {
    out.resultStart = base + r.start.getStartIndex();
    out.resultEnd = base + r.stop.getStopIndex() + 1;
    if (r.QUESTION() == null) {
      Token n = r.NUMBER().getSymbol();
      int from = r.MINUS() != null ? r.MINUS().getSymbol().getStartIndex() : n.getStartIndex();
      out.resultKnown = true;
      out.resultValue = StraceNumbers.parseInteger(bytes, base + from, base + n.getStopIndex() + 1);
    }
    if (r.annotation != null) {
      out.annotationStart = base + r.annotation.getStartIndex() + 1;
      out.annotationEnd = base + r.annotation.getStopIndex();
    }
    if (r.errno != null) {
      out.errnoStart = base + r.errno.getStartIndex();
      out.errnoEnd = base + r.errno.getStopIndex() + 1;
    }
    if (r.detail != null) {
      out.detailStart = base + r.detail.start.getStartIndex() + 1;
      out.detailEnd = base + r.detail.stop.getStartIndex();
    }
  }

  private void frameSignal(SignalContext signal, FramedLine out) {
    if (signal instanceof StoppedContext s) {
      out.kind = Kind.STOPPED;
      setName(s.sig.start, out);
    } else {
      DeliveredContext d = (DeliveredContext) signal;
      out.kind = Kind.SIGNAL;
      setName(d.sig.start, out);
      StructContext info = d.siginfo;
      int start = base + info.LBRACE().getSymbol().getStartIndex() + 1;
      int end = base + info.RBRACE().getSymbol().getStartIndex();
      while (start < end && bytes[start] == ' ') {
        start++;
      }
      while (end > start && bytes[end - 1] == ' ') {
        end--;
      }
      out.argsStart = start;
      out.argsEnd = end;
    }
  }

  private void frameExit(ExitContext exit, FramedLine out) {
    if (exit instanceof ExitedContext e) {
      out.kind = Kind.EXITED;
      out.number = number(e.code);
    } else if (exit instanceof KilledContext k) {
      out.kind = Kind.KILLED;
      setName(k.sig.start, out);
      out.coreDumped = k.CORE_DUMPED() != null;
    } else {
      out.kind = Kind.SUPERSEDED;
      out.number = number(((SupersededContext) exit).pid);
    }
  }

  private void setName(Token t, FramedLine out) {
    out.nameStart = base + t.getStartIndex();
    out.nameEnd = base + t.getStopIndex() + 1;
  }

  private long number(Token t) {
    return StraceNumbers.parseInteger(bytes, base + t.getStartIndex(), base + t.getStopIndex() + 1);
  }

  private static int pidChanged(Token t) {
    return (int) firstNumberIn(t.getText());
  }

  private static long firstNumberIn(String s) {
    int i = 0;
    while (i < s.length() && !Character.isDigit(s.charAt(i))) {
      i++;
    }
    long v = 0;
    for (; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

}
