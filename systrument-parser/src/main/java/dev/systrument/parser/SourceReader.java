package dev.systrument.parser;

import dev.systrument.model.ArgumentTextSink;
import dev.systrument.model.Arguments;
import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SourceLocation;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallEvent.Completion;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Utf8Text;
import dev.systrument.parser.FramedLine.Clock;
import dev.systrument.parser.FramedLine.End;
import dev.systrument.parser.FramedLine.Kind;
import dev.systrument.parser.internal.grammar.StraceParser;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one input (a file, a stream, one -ff member) into events: frames each line, joins the
 * halves of split calls, attaches stack frames, turns timestamps into epoch nanoseconds and puts
 * events in timestamp order within the reorder window.
 *
 * <p>Each event gets a {@link Slot} in the window when its first line is read, so an unfinished
 * call keeps its place in time while it waits for its {@code <... resumed>} half; the window only
 * gives out resolved slots, in (timestamp, line) order. A slot that reaches the window's edge
 * still unresolved is let go and delivered as soon as it resolves. Delivered after a later event
 * of its own task, it is counted out of order; after later events of other tasks only (its task
 * was blocked in the call: make's {@code wait4} while a compiler runs), it is a late call, which
 * every consumer takes as it is, since each task's own events are still in order.
 */
final class SourceReader implements Closeable {
  private final String source;
  private final ReaderOptions options;
  private final PhysicalLines lines;
  private final int fixedPid;

  private final LineFramer framer = new LineFramer();
  private final GrammarArgumentDecoder decoder;
  private final FramedLine fl = new FramedLine();
  // Sized with the read buffer: a -ff member (one task, a small buffer, thousands of them open at
  // once during the merge) gets small tables; a whole log gets 4096 slots.
  private final ByteKeyedCache<String> names;
  private final ByteKeyedCache<String> comms;
  private final ByteKeyedCache<SyscallResult> results;

  private final LogClock clock;

  // ordering
  private final ReorderWindow<Slot> window = new ReorderWindow<>();
  private final ArrayDeque<TraceEvent> ready = new ArrayDeque<>();
  private long seq;
  private long lastDeliveredTs = Long.MIN_VALUE;
  private final TaskTimes taskTimes = new TaskTimes();
  private boolean finished;

  // joining
  private final PidTable<Pending> unfinished = new PidTable<>();
  /**
   * The calls of {@link #unfinished} in the order they began to wait, so the oldest can be given up
   * past {@link ReaderOptions#maxUnfinishedCalls()}. Entries whose call no longer waits under its
   * key are skipped when met, and swept out when they outnumber the waiting calls.
   */
  private final ArrayDeque<Pending> waitingOrder = new ArrayDeque<>();
  private Pending lastUnfinished;
  private Torn torn;
  /** A line that did not parse, maybe because program output is glued to it; see repairGluedOutput. */
  private GluedOutput glued;
  /** Longest program output searched for at the end of a glued line. */
  private static final int MAX_GLUED_OUTPUT = 1024;
  /** The pid a re-framed torn line had when it was first read. */
  private int pidOverride = FramedLine.NO_PID;
  private Slot stackTarget;
  /**
   * Calls that never return ({@code exit(0) = ?}, {@code exit_group(0) = ?}) whose -k frames
   * strace prints only after the task's {@code +++ exited with N +++} line, set aside when another
   * task's line came first; by pid. The exit line makes one the stack target again.
   */
  private final Map<Integer, Slot> parkedForFrames = new HashMap<>();

  private int recordsSinceParked;
  /** The parked call its exit line gave the frames back to; never parked again. */
  private Slot unparked;
  /** The last record was an exit line whose task's exit call strace did not print. */
  private boolean framesOfUnprintedCall;

  // pids of unprefixed lines
  /** A {@code 19599 } prefix was seen: an -o file, where the traced program's output never lands. */
  private boolean sawPlainPrefix;
  private final UnprefixedTask firstTask;
  /** Events whose pid is the first task's, not known yet. */
  private final List<Slot> unknownPid = new ArrayList<>();
  /** Events that may wait for the first task's pid even with a smaller reorder window. */
  private static final int MIN_PID_WAIT = 10_000;

  /**
   * strace's messages before the first record ({@code strace: Seccomp filter is requested ...},
   * {@code strace: Process 19599 attached}): delivered once the first record has told the log's
   * time format, with its timestamp, so they never make a timed log look untimed.
   */
  private final List<DiagnosticEvent> leadingMessages = new ArrayList<>();
  private static final int MAX_LEADING_MESSAGES = 4096;

  // summary
  private long physicalLines;
  private long events;
  private long syscalls;
  private long problems;
  private long foreign;
  private long stackLines;
  private long neverResumed;
  private long orphanResumed;
  private long outOfOrder;
  private long lateCalls;

  /** A place in the reorder window, reserved when an event's first line is read. */
  private static final class Slot implements ReorderWindow.Entry {
    final long ts;
    final long seq;
    /** The task's pid as read (the first task's once learnt), kept here for {@link #deliver}. */
    int pid;
    boolean delivered;
    boolean syscall;
    TraceEvent event;
    /** The last syscall: -k stack lines may still follow. */
    boolean held;
    /** Left the window unresolved; delivered as soon as it resolves. */
    boolean detached;
    boolean pidUnknown;
    List<String> stack;

    Slot(long ts, long seq, int pid) {
      this.ts = ts;
      this.seq = seq;
      this.pid = pid;
    }

    /** Its pid is not known yet (an unprefixed stderr line before the first `[pid N]`). */
    boolean waitingForPid;
    /**
     * The record before it, while a call was held for its -k frames: it must not overtake that
     * call, even where the window lets go of both (a window of 0 promises log order).
     * {@link #follower} is the link back.
     */
    Slot after;
    Slot follower;

    boolean deliverable() {
      return event != null && !held && !delivered && !waitingForPid && (after == null || after.delivered);
    }

    @Override
    public long timestamp() {
      return ts;
    }

    @Override
    public long sequence() {
      return seq;
    }
  }

  /** The first half of a call: {@code 19631 ... wait4(-1,  <unfinished ...>}. */
  private static final class Pending {
    final Slot slot;
    final int pid;
    final String name;
    final long ts;
    final String comm;
    final SourceLocation location;
    byte[] args;
    /** The pid it waits under in {@link #unfinished} (the leader's after {@code <pid changed to N ...>}). */
    int key;

    Pending(Slot slot, int pid, String name, long ts, String comm, SourceLocation location, byte[] args) {
      this.slot = slot;
      this.pid = pid;
      this.name = name;
      this.ts = ts;
      this.comm = comm;
      this.location = location;
      this.args = args;
    }
  }

  /** A line cut off by a glued strace message; its rest is on the next line. */
  private record Torn(byte[] bytes, long line, int pid) {}

  private record GluedOutput(byte[] bytes, long line, int column, String message) {}

  /**
   * @param fixedPid the pid of every line (an -ff member read with its siblings), or -1
   * @param suffixPid the pid the file's name ends with ({@code trace.19599}), used for lines
   *     without a prefix when the first record has none, or -1
   */
  SourceReader(PhysicalLines lines, String source, ReaderOptions options, int fixedPid, int suffixPid,
      LocalDate fileDate, long fileTimeOfDayNs) {
    this.lines = lines;
    this.firstTask = new UnprefixedTask(suffixPid);
    int slots = Integer.highestOneBit(Math.max(64, lines.chunk() / 16));
    this.names = new ByteKeyedCache<>(slots, (b, s, e) -> new String(b, s, e - s, StandardCharsets.ISO_8859_1).intern());
    this.comms = new ByteKeyedCache<>(Math.max(64, slots / 4), (b, s, e) -> Utf8Text.decode(Arrays.copyOfRange(b, s, e)).intern());
    this.results = new ByteKeyedCache<>(slots, this::newResult);
    this.source = source;
    this.options = options;
    this.decoder = GrammarArgumentDecoder.withMaxNesting(options.maxNesting());
    this.fixedPid = fixedPid;
    this.clock = new LogClock(options, fileDate, fileTimeOfDayNs);
  }

  String source() {
    return source;
  }

  /** The next event in timestamp order (within the window), or null at the end. */
  TraceEvent next() throws IOException {
    while (ready.isEmpty()) {
      if (finished) {
        return null;
      }
      if (lines.next()) {
        onPhysicalLine();
        drain(false);
      } else {
        finish();
      }
    }
    return ready.poll();
  }

  long bytesRead() {
    return lines.bytesRead();
  }

  ReadSummary summary() {
    return new ReadSummary(physicalLines, events, syscalls, problems, foreign, stackLines, neverResumed,
        orphanResumed, outOfOrder, lateCalls);
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  // ------------------------------------------------------------------------------------- lines

  private void onPhysicalLine() {
    physicalLines++;
    byte[] b = lines.bytes();
    int s = lines.start();
    int e = lines.end();
    long no = lines.lineNumber();
    if (lines.tooLong()) {
      problem(no, 1, "line longer than " + options.maxLineLength() + " bytes; skipped", b, s, e);
      return;
    }
    if (s == e) {
      foreign++; // strace never prints an empty line; the traced program may
      return;
    }
    int glued = GluedMessage.find(b, s, e);
    if (glued < 0) {
      onPiece(b, s, e, no);
    } else {
      onPiece(b, s, glued, no);
      onPiece(b, glued, e, no);
    }
  }

  private void onPiece(byte[] b, int s, int e, long no) {
    StraceGrammar.Outcome<StraceParser.LineContext> failure = frame(b, s, e);
    if (glued != null) {
      if (failure == null && fl.kind == Kind.CONTINUATION && repairGluedOutput(b, s, e)) {
        return;
      }
      if (failure != null && looksForeign(b, s, e)) {
        foreign++; // more lines of the program's output
        return;
      }
      reportGlued();
      failure = frame(b, s, e); // the repair attempts reused the framed line
    }
    if (torn != null) {
      if (failure == null && fl.kind == Kind.CONTINUATION) {
        joinTorn(b, s, e);
        return;
      }
      if (failure != null && looksForeign(b, s, e)) {
        foreign++;
        return;
      }
      if (failure == null && isMessage(fl.kind)) {
        onRecord(no); // strace messages come between the halves; the torn line still waits
        return;
      }
      abandonTorn();
      failure = frame(b, s, e); // abandonTorn reused the framed line
    }
    if (failure != null) {
      if (stripGluedOutput(b, s, e)) {
        onRecord(no);
        return;
      }
      if (looksForeign(b, s, e)) {
        foreign++;
      } else if (fixedPid < 0 && !sawPlainPrefix && failure.column() > 0 && LineFramer.indexOf(b, s, e, (byte) '(') >= 0) {
        // maybe the program's output glued to a half-printed call; decided by the next line
        glued = new GluedOutput(Arrays.copyOfRange(b, s, e), no, failure.column(), failure.message());
      } else {
        problem(no, failure.column() + 1, failure.message(), b, s, e);
      }
      return;
    }
    if (fl.kind == Kind.STACK) {
      onStack();
    } else if (fl.kind == Kind.CONTINUATION) {
      onContinuation(no, b, s, e);
    } else {
      // only where the program's output can land (not an -o file, whose lines have `PID ` prefixes)
      if (fixedPid < 0 && !sawPlainPrefix && GluedProgramOutput.suspected(fl) && !stripGluedOutput(b, s, e)) {
        frame(b, s, e); // not the call's output after all: the line as it is (stripping reused fl)
      }
      onRecord(no);
    }
  }

  /**
   * In a stderr capture the traced program writes to the same file as strace, so its output can
   * land in the middle of a call that strace has half printed:
   *
   * <pre>
   * 1795664518.128692 write(1, "program-output\n", 15program-output
   * ) = 15 &lt;0.000009&gt;
   * </pre>
   *
   * The line that did not parse is cut at the longest prefix that, joined with the continuation,
   * parses as a whole call; what was cut off is the program's output (a foreign line).
   */
  private boolean repairGluedOutput(byte[] b, int s, int e) {
    if (repairGluedOutput(glued.bytes, glued.line, b, s, e)) {
      glued = null;
      return true;
    }
    return false;
  }

  private boolean repairGluedOutput(byte[] head, long line, byte[] b, int s, int e) {
    int open = LineFramer.indexOf(head, 0, head.length, (byte) '(');
    int lowest = Math.max(open + 1, head.length - MAX_GLUED_OUTPUT);
    for (int k = head.length - 1; k >= lowest; k--) {
      byte[] candidate = Arrays.copyOf(head, k + (e - s));
      System.arraycopy(b, s, candidate, k, e - s);
      StraceGrammar.Outcome<StraceParser.LineContext> parsed =
          StraceGrammar.parseLine(candidate, 0, candidate.length, options.maxNesting());
      if (!parsed.ok()) {
        continue;
      }
      fl.reset(candidate, 0, candidate.length);
      new AstBuilder(candidate, 0).frame(parsed.tree(), fl);
      if (fl.kind != Kind.SYSCALL || fl.end == End.TORN) {
        continue;
      }
      foreign++;
      onRecord(line);
      return true;
    }
    return false;
  }

  /**
   * A call line with the program's output glued after its last argument ({@link
   * GluedProgramOutput}): read as the call, the output counted as a foreign line.
   */
  private boolean stripGluedOutput(byte[] b, int s, int e) {
    byte[] line = GluedProgramOutput.strip(b, s, e, decoder);
    if (line == null || frame(line, 0, line.length) != null || fl.kind != Kind.SYSCALL) {
      return false;
    }
    foreign++;
    return true;
  }

  private void reportGlued() {
    GluedOutput g = glued;
    glued = null;
    problem(g.line, g.column + 1, g.message, g.bytes, 0, g.bytes.length);
  }

  /** Frames into {@link #fl}: the fast framer, else the grammar. Returns null, or the failure. */
  private StraceGrammar.Outcome<StraceParser.LineContext> frame(byte[] b, int s, int e) {
    if (lines.framedAhead(b, s, e, fl) || framer.frame(b, s, e, fl)) {
      return null;
    }
    StraceGrammar.Outcome<StraceParser.LineContext> parsed = StraceGrammar.parseLine(b, s, e, options.maxNesting());
    if (!parsed.ok()) {
      return parsed;
    }
    fl.reset(b, s, e);
    new AstBuilder(b, s).frame(parsed.tree(), fl);
    return null;
  }

  /**
   * Output of the traced program in a stderr capture: a line that does not parse, in an input
   * without {@code PID } prefixes (those only appear in -o files), that does not start the way a
   * strace line starts.
   */
  private boolean looksForeign(byte[] b, int s, int e) {
    if (fixedPid >= 0 || sawPlainPrefix) {
      return false;
    }
    if (LineFramer.startsWith(b, s, e, PID_BRACKET) || LineFramer.startsWith(b, s, e, RESUMED_OPEN)) {
      return false;
    }
    int d = s;
    while (d < e && b[d] >= '0' && b[d] <= '9') {
      d++;
    }
    return !(d > s && d < e && (b[d] == '.' || b[d] == ':'));
  }

  private static final byte[] PID_BRACKET = "[pid ".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] RESUMED_OPEN = "<... ".getBytes(StandardCharsets.ISO_8859_1);

  private static boolean isMessage(Kind k) {
    return k == Kind.ATTACHED || k == Kind.DETACHED || k == Kind.STRACE_OTHER || k == Kind.PERSONALITY;
  }

  private void joinTorn(byte[] b, int s, int e) {
    Torn t = torn;
    torn = null;
    byte[] joined = Arrays.copyOf(t.bytes, t.bytes.length + (e - s));
    System.arraycopy(b, s, joined, t.bytes.length, e - s);
    // Torn lines are rare: check the joined call with the full grammar (arguments included), since
    // program output glued to the torn half still frames (`write(1, "hi\n", 3hi`).
    StraceGrammar.Outcome<StraceParser.LineContext> failure =
        StraceGrammar.parseLine(joined, 0, joined.length, options.maxNesting());
    if (failure.ok()) {
      fl.reset(joined, 0, joined.length);
      new AstBuilder(joined, 0).frame(failure.tree(), fl);
      failure = null;
    } else {
      pidOverride = t.pid;
      if (repairGluedOutput(t.bytes, t.line, b, s, e)) {
        return;
      }
      pidOverride = FramedLine.NO_PID;
    }
    if (failure != null || fl.kind != Kind.SYSCALL) {
      problem(t.line, failure == null ? 1 : failure.column() + 1,
          "cannot join the rest of a torn line: " + (failure == null ? "not a syscall" : failure.message()),
          joined, 0, joined.length);
      return;
    }
    pidOverride = t.pid;
    onRecord(t.line);
  }

  /**
   * The torn line's rest never came: report it (a call cut off mid-line, `19709 close(3 = 0`, or a
   * log that ends inside a call), and keep what was printed as an unfinished call, so the call is
   * not lost and a resumed line may still end it.
   */
  private void abandonTorn() {
    Torn t = torn;
    torn = null;
    problem(t.line, t.bytes.length + 1, "the call is cut off: expected ')' and its result, and the next line does not"
        + " continue it", t.bytes, 0, t.bytes.length);
    if (frame(t.bytes, 0, t.bytes.length) == null && fl.kind == Kind.SYSCALL) {
      fl.end = End.UNFINISHED;
      pidOverride = t.pid;
      onRecord(t.line);
    }
  }

  private void onStack() {
    stackLines++;
    if (framesOfUnprintedCall) {
      return; // counted: the call they belong to is not in the log
    }
    if (stackTarget == null) {
      problem(lines.lineNumber(), 1, "stack frame line with no syscall before it", fl.bytes, fl.lineStart, fl.lineEnd);
      return;
    }
    if (stackTarget.stack == null) {
      stackTarget.stack = new ArrayList<>();
    }
    stackTarget.stack.add(Utf8Text.decode(Arrays.copyOfRange(fl.bytes, fl.textStart, fl.textEnd)));
  }

  /** `"", 4096) = 0 <0.000060>` right after `read(3,  <unfinished ...>` (strace 6.1, status=!unfinished). */
  private void onContinuation(long no, byte[] b, int s, int e) {
    Pending p = lastUnfinished;
    lastUnfinished = null;
    if (p == null || unfinished.get(p.pid) != p) {
      if (looksForeign(b, s, e)) {
        foreign++;
      } else {
        problem(no, 1, "continuation of a call, but the line before left no call unfinished", b, s, e);
      }
      return;
    }
    unfinished.remove(p.pid);
    byte[] args = joinArguments(p.args, fl.bytes, fl.argsStart, fl.argsEnd);
    if (fl.end == End.UNFINISHED) {
      p.args = args;
      await(p.pid, p, no);
      return;
    }
    complete(p, p.pid, args, SyscallEvent.NO_TIMESTAMP);
  }

  // ----------------------------------------------------------------------------------- records

  private void onRecord(long no) {
    framesOfUnprintedCall = false;
    FramedLine f = fl;
    Kind kind = f.kind;
    boolean straceMessage = isMessage(kind);
    int pid = pidOf(f, straceMessage);
    long ts = timestamp(f, straceMessage, no);
    TimeKind tk = clock.kindOrNone();
    if (!straceMessage) {
      lastUnfinished = null;
      if (!leadingMessages.isEmpty()) {
        deliverLeadingMessages(ts, tk);
      }
      if (ts == LogClock.MISMATCH) {
        return; // reported
      }
      if (pid == UnprefixedTask.NOBODY) {
        problem(no, 1, "no pid in front of this line, and " + firstTask.liveTasks() + " tasks are running: whose"
            + " line it is cannot be told; skipped", f.bytes, f.lineStart, f.lineEnd);
        return;
      }
    }
    String comm = f.commStart >= 0 ? comms.get(f.bytes, f.commStart, f.commEnd) : "";
    SourceLocation location = new SourceLocation(source, no);
    switch (kind) {
      case SYSCALL:
        onSyscall(pid, ts, tk, comm, location, no);
        break;
      case RESUMED:
        onResumed(pid, ts, tk, comm, location, no);
        break;
      case SIGNAL:
      case STOPPED: {
        byte[] info = kind == Kind.SIGNAL ? Arrays.copyOfRange(f.bytes, f.argsStart, f.argsEnd) : new byte[0];
        Arguments siginfo = arguments(info, no, f.argsStart - f.lineStart);
        add(ts, pid, new SignalEvent(pid, ts, tk, comm, location, names.get(f.bytes, f.nameStart, f.nameEnd), siginfo,
            kind == Kind.STOPPED));
        break;
      }
      case EXITED:
        taskEnded(pid);
        unparkForFrames(pid); // before the exit's slot, which then waits behind that call
        add(ts, pid, new ExitEvent(pid, ts, tk, comm, location, (int) f.number));
        break;
      case KILLED:
        taskEnded(pid);
        unparkForFrames(pid);
        add(ts, pid, new KilledEvent(pid, ts, tk, comm, location, names.get(f.bytes, f.nameStart, f.nameEnd),
            f.coreDumped));
        break;
      case SUPERSEDED: {
        int former = (int) f.number;
        // the exec'ing thread's pending execve now completes under the leader's id
        Pending exec = unfinished.remove(former);
        Pending moved = unfinished.get(pid);
        if (exec == null && moved != null && moved.pid == former) {
          exec = unfinished.remove(pid); // already moved here by `<pid changed to N ...>`
        }
        Pending own = unfinished.remove(pid);
        if (own != null) {
          abandon(own);
        }
        if (exec != null) {
          exec.key = pid;
          unfinished.put(pid, exec);
        }
        firstTask.ended(former);
        add(ts, pid, new SupersededEvent(pid, ts, tk, comm, location, former));
        break;
      }
      case ATTACHED:
      case DETACHED:
      case PERSONALITY:
      case STRACE_OTHER: {
        int named = kind == Kind.STRACE_OTHER ? Math.max(pid, 0) : (int) f.number;
        if (kind == Kind.ATTACHED) {
          firstTask.attached(named);
        } else if (kind == Kind.DETACHED) {
          firstTask.ended(named);
        }
        DiagnosticEvent.Kind dk = kind == Kind.ATTACHED ? DiagnosticEvent.Kind.ATTACHED
            : kind == Kind.DETACHED ? DiagnosticEvent.Kind.DETACHED
            : kind == Kind.PERSONALITY ? DiagnosticEvent.Kind.PERSONALITY : DiagnosticEvent.Kind.OTHER;
        String text = Utf8Text.decode(Arrays.copyOfRange(f.bytes, f.textStart, f.textEnd));
        DiagnosticEvent message = new DiagnosticEvent(named, ts, tk, comm, location, dk, text);
        if (clock.kind() == null && leadingMessages.size() < MAX_LEADING_MESSAGES) {
          leadingMessages.add(message);
        } else {
          resolve(newSlot(ts, named), message);
        }
        break;
      }
      default:
        throw new IllegalStateException("not a record: " + kind);
    }
  }

  /** The messages before the first record, with its time ({@link #leadingMessages}). */
  private void deliverLeadingMessages(long ts, TimeKind tk) {
    for (DiagnosticEvent m : leadingMessages) {
      resolve(newSlot(ts, m.pid()), new DiagnosticEvent(m.pid(), ts, tk, m.comm(), m.location(), m.kind(), m.text()));
    }
    leadingMessages.clear();
  }

  private void onSyscall(int pid, long ts, TimeKind tk, String comm, SourceLocation location, long no) {
    FramedLine f = fl;
    if (f.end == End.TORN) {
      // the pid is decided now: the glued `attached` message that follows changes the task set
      torn = new Torn(Arrays.copyOfRange(f.bytes, f.lineStart, f.lineEnd), no, pid);
      return;
    }
    releaseStackTargetFor(pid);
    Pending previous = unfinished.remove(pid);
    if (previous != null) {
      abandon(previous);
    }
    String name = names.get(f.bytes, f.nameStart, f.nameEnd);
    byte[] args = Arrays.copyOfRange(f.bytes, f.argsStart, f.argsEnd);
    Slot slot = newSlot(ts, pid);
    markUnknownPid(slot, pid);
    if (f.end == End.UNFINISHED) {
      Pending p = new Pending(slot, pid, name, ts, comm, location, args);
      // `<pid changed to N ...>`: the call resumes under the thread group leader's id
      await(f.pidChangedTo != FramedLine.NO_PID ? f.pidChangedTo : pid, p, no);
      return;
    }
    boolean returned = f.end == End.RETURNED;
    SyscallEvent event = new SyscallEvent(pid, ts, tk, comm, location, name,
        arguments(args, no, f.argsStart - f.lineStart),
        returned ? result() : SyscallResult.NONE, f.durationNs, SyscallEvent.NO_TIMESTAMP,
        returned ? Completion.COMPLETE : Completion.DETACHED, List.of());
    hold(slot);
    resolve(slot, event);
  }

  private void onResumed(int pid, long ts, TimeKind tk, String comm, SourceLocation location, long no) {
    FramedLine f = fl;
    releaseStackTargetFor(pid);
    String name = names.get(f.bytes, f.nameStart, f.nameEnd);
    Pending p = unfinished.remove(pid);
    if (p == null && f.pidChangedTo != FramedLine.NO_PID) {
      p = unfinished.remove(f.pidChangedTo);
    }
    if (p != null && !p.name.equals(name)) {
      abandon(p);
      p = null;
    }
    if (p == null) {
      // strace attached in the middle of this call (strace -p), or the log was cut
      orphanResumed++;
      Slot slot = newSlot(ts, pid);
      markUnknownPid(slot, pid);
      p = new Pending(slot, pid, name, ts, comm, location, new byte[0]);
    }
    byte[] args = joinArguments(p.args, f.bytes, f.argsStart, f.argsEnd);
    if (f.end == End.UNFINISHED) {
      p.args = args;
      await(pid, p, no);
      return;
    }
    complete(p, pid, args, ts);
  }

  /**
   * {@code p} waits under {@code key} for its resumed half (or its continuation line). Past
   * {@link ReaderOptions#maxUnfinishedCalls()} the call that has waited longest is given up:
   * reported at line {@code no}, which exceeded the limit, and delivered unfinished.
   */
  private void await(int key, Pending p, long no) {
    p.key = key;
    unfinished.put(key, p);
    lastUnfinished = p;
    waitingOrder.add(p);
    if (unfinished.size() > options.maxUnfinishedCalls()) {
      Pending oldest = waitingOrder.poll();
      while (!isWaiting(oldest)) {
        oldest = waitingOrder.poll();
      }
      unfinished.remove(oldest.key);
      if (lastUnfinished == oldest) {
        lastUnfinished = null;
      }
      problem(no, 1, "more than " + options.maxUnfinishedCalls() + " calls wait for their resumed half at once (the"
          + " maximum): the oldest, " + oldest.name + " of task " + oldest.pid + " at line " + oldest.location.line()
          + ", is delivered unfinished", fl.bytes, fl.lineStart, fl.lineEnd);
      abandon(oldest);
    } else if (waitingOrder.size() > 2 * unfinished.size() + 1024) {
      waitingOrder.removeIf(w -> !isWaiting(w)); // calls that completed since; amortized O(1) per call
    }
  }

  private boolean isWaiting(Pending p) {
    return unfinished.get(p.key) == p;
  }

  /** Ends a pending call with the framed line's result (or detach). */
  private void complete(Pending p, int pid, byte[] args, long resumedTs) {
    FramedLine f = fl;
    boolean returned = f.end == End.RETURNED;
    TimeKind tk = clock.kindOrNone();
    SyscallEvent event = new SyscallEvent(pid, p.ts, tk, p.comm, p.location, p.name,
        arguments(args, p.location.line(), -1),
        returned ? result() : SyscallResult.NONE, f.durationNs, resumedTs,
        returned ? Completion.COMPLETE : Completion.DETACHED, List.of());
    hold(p.slot);
    resolve(p.slot, event);
  }

  /** A call whose resumed half will never come: deliver it as unfinished. */
  private void abandon(Pending p) {
    neverResumed++;
    TimeKind tk = clock.kindOrNone();
    resolve(p.slot, new SyscallEvent(p.pid, p.ts, tk, p.comm, p.location, p.name,
        Arguments.lazy(p.args, decoder), SyscallResult.NONE, SyscallEvent.NO_DURATION,
        SyscallEvent.NO_TIMESTAMP, Completion.UNFINISHED, List.of()));
  }

  private void taskEnded(int pid) {
    Pending p = unfinished.remove(pid);
    if (p != null) {
      abandon(p);
    }
    firstTask.ended(pid);
  }

  /**
   * Joins the argument texts of two halves. strace up to 6.15 ends the first half with the
   * separating comma ({@code read(3,  <unfinished ...>}), 6.16+ starts the second with it (and
   * the framer strips it): both become {@code 3, "", 4096}. A second half starting with
   * {@code =>} completes the first half's last value.
   */
  private static final byte[] SPACE = {' '};
  private static final byte[] COMMA_SPACE = {',', ' '};

  static byte[] joinArguments(byte[] first, byte[] b, int start, int end) {
    int n = end - start;
    if (first.length == 0) {
      return Arrays.copyOfRange(b, start, end);
    }
    if (n == 0) {
      return first;
    }
    byte[] separator = first[first.length - 1] == ',' || (n >= 2 && b[start] == '=' && b[start + 1] == '>')
        ? SPACE
        : COMMA_SPACE;
    byte[] joined = Arrays.copyOf(first, first.length + separator.length + n);
    System.arraycopy(separator, 0, joined, first.length, separator.length);
    System.arraycopy(b, start, joined, first.length + separator.length, n);
    return joined;
  }

  private SyscallResult result() {
    FramedLine f = fl;
    if (!f.resultKnown && f.errnoStart < 0 && f.resultEnd - f.resultStart == 1) {
      return SyscallResult.UNKNOWN;
    }
    if (f.resultKnown && f.errnoStart < 0 && f.detailStart < 0 && f.annotationStart < 0) {
      // a plain number: small decimals are shared, others (addresses) are rarely seen twice
      long v = f.resultValue;
      boolean decimal = f.bytes[f.resultStart] != '0' || f.resultEnd - f.resultStart == 1; // not 0x.. or 0..
      if (decimal && v >= 0 && v < SMALL_RESULTS.length) {
        return SMALL_RESULTS[(int) v];
      }
      return new SyscallResult(latin1(f.bytes, f.resultStart, f.resultEnd), v, true, "", "", "");
    }
    return results.get(f.bytes, f.resultStart, f.resultEnd);
  }

  private static final SyscallResult[] SMALL_RESULTS = new SyscallResult[1024];

  static {
    for (int i = 0; i < SMALL_RESULTS.length; i++) {
      SMALL_RESULTS[i] = SyscallResult.of(i);
    }
  }

  /** Called by the result cache with the framed line still current. */
  private SyscallResult newResult(byte[] b, int start, int end) {
    FramedLine f = fl;
    String errno = f.errnoStart < 0 ? "" : names.get(b, f.errnoStart, f.errnoEnd);
    String message = f.errnoStart < 0 || f.detailStart < 0 ? "" : latin1(b, f.detailStart, f.detailEnd);
    String annotation = f.annotationStart < 0 ? "" : Utf8Text.decode(Arrays.copyOfRange(b, f.annotationStart, f.annotationEnd));
    return new SyscallResult(Utf8Text.decode(Arrays.copyOfRange(b, start, end)), f.resultValue, f.resultKnown, errno,
        message, annotation);
  }

  /**
   * Lazy arguments; with validateArguments, decoded now and any failure reported at
   * {@code line}, column {@code column0} (0-based, -1 when joined from two lines).
   */
  private static final ArgumentTextSink IGNORED_TEXT = (index, name, bytes, start, end, annotationStart, annotationEnd) -> {};

  private Arguments arguments(byte[] raw, long line, int column0) {
    if (!options.validateArguments() || raw.length == 0) {
      return Arguments.lazy(raw, decoder);
    }
    if (ArgumentRenderer.render(raw, IGNORED_TEXT, options.maxNesting())) {
      // What the renderer takes, the grammar takes too (ArgumentRendererDifferentialTest): valid,
      // checked about three times faster than by decoding; the values stay lazy.
      return Arguments.lazy(raw, decoder);
    }
    GrammarArgumentDecoder.Decoded d = decoder.decodeLocated(raw);
    if (d.errorColumn() >= 0) {
      if (column0 >= 0) {
        problem(line, column0 + d.errorColumn() + 1, d.error(), fl.bytes, fl.lineStart, fl.lineEnd);
      } else {
        problem(line, d.errorColumn() + 1, d.error() + " (in the arguments joined from both halves of the call)",
            raw, 0, raw.length);
      }
    }
    List<dev.systrument.model.value.Value> values = d.values();
    return Arguments.lazy(raw, text -> values);
  }

  // ------------------------------------------------------------------------------ pids, time

  /**
   * The pid of the framed record: its prefix's, or for a line without one the first task's (0
   * while not known: patched when learnt) or the only live task's; {@link UnprefixedTask#NOBODY}
   * when that cannot be told.
   */
  private int pidOf(FramedLine f, boolean straceMessage) {
    if (pidOverride != FramedLine.NO_PID) {
      int pid = pidOverride;
      pidOverride = FramedLine.NO_PID;
      return pid == UnprefixedTask.NOT_YET && firstTask.pid() != UnprefixedTask.NOT_YET ? firstTask.pid() : pid;
    }
    if (fixedPid >= 0) {
      return fixedPid;
    }
    if (straceMessage) {
      return f.hasPrefix() ? f.pid : 0;
    }
    int learnt = firstTask.record(f.hasPrefix() ? f.pid : FramedLine.NO_PID, f.bracketPrefix);
    if (learnt != UnprefixedTask.NOT_YET) {
      learnRoot(learnt);
    }
    if (f.hasPrefix()) {
      if (!f.bracketPrefix) {
        sawPlainPrefix = true;
      }
      return f.pid;
    }
    int owner = firstTask.ownerOfUnprefixed();
    if (owner == UnprefixedTask.NOBODY && f.kind == Kind.SYSCALL && f.end == End.RETURNED && isSpawn(f)) {
      // strace 6.1 prints a parent's delayed `vfork() = 25340` without a prefix while that child
      // still counts as running: of two running tasks, the line is not the child's own
      owner = firstTask.otherThan((int) f.resultValue);
    }
    return owner;
  }

  /** A spawn that returned a child's id (asked only of lines whose owner is in doubt). */
  private static boolean isSpawn(FramedLine f) {
    if (!f.resultKnown || f.resultValue <= 0 || f.resultValue > Integer.MAX_VALUE) {
      return false;
    }
    String name = latin1(f.bytes, f.nameStart, f.nameEnd);
    return name.equals("vfork") || name.equals("fork") || name.equals("clone") || name.equals("clone3");
  }

  /** The first task's pid is now known: the events that waited for it get it. */
  private void learnRoot(int pid) {
    for (Slot s : unknownPid) {
      s.pid = pid;
      if (s.event != null) {
        s.event = EventCopies.withPid(s.event, pid);
      }
    }
    releaseWaitingForPid();
    Pending p = unfinished.remove(0);
    if (p != null) {
      Pending moved = new Pending(p.slot, pid, p.name, p.ts, p.comm, p.location, p.args);
      moved.key = pid;
      unfinished.put(pid, moved);
      waitingOrder.add(moved);
      if (lastUnfinished == p) {
        lastUnfinished = moved;
      }
    }
  }

  private void markUnknownPid(Slot slot, int pid) {
    if (pid == UnprefixedTask.NOT_YET && firstTask.pid() == UnprefixedTask.NOT_YET && fixedPid < 0) {
      slot.pidUnknown = true;
      slot.waitingForPid = true;
      unknownPid.add(slot);
      if (unknownPid.size() > Math.max(options.reorderWindow(), MIN_PID_WAIT)) {
        // no call told the pid, and none of these events can wait longer
        learnRoot(firstTask.giveUp());
      }
    }
  }

  private void releaseWaitingForPid() {
    for (Slot s : unknownPid) {
      s.waitingForPid = false;
      if (s.detached && s.deliverable()) {
        deliver(s);
      }
    }
    unknownPid.clear();
  }

  /**
   * The record's time on the log's clock; {@link LogClock#MISMATCH} (reported here) for a time in
   * another format than the log's.
   */
  private long timestamp(FramedLine f, boolean straceMessage, long no) {
    if (straceMessage) {
      return clock.last(); // strace's messages carry no time of their own
    }
    if (f.clock != Clock.NONE && f.clockNs < 0) {
      problem(no, f.clockStart - f.lineStart + 1, "timestamp out of range (after 2262-04-11, or more than 9"
          + " fraction digits): the line keeps the time of the line before", f.bytes, f.lineStart, f.lineEnd);
      return clock.last();
    }
    long ts = clock.record(f.clock, f.clockNs);
    if (ts == LogClock.MISMATCH) {
      problem(no, f.clock == Clock.NONE ? 1 : f.clockStart - f.lineStart + 1, clock.mismatchMessage(f.clock, f.clockNs),
          f.bytes, f.lineStart, f.lineEnd);
    }
    return ts;
  }

  // ---------------------------------------------------------------------------------- ordering

  private Slot newSlot(long ts, int pid) {
    Slot s = new Slot(ts, seq++, pid);
    if (stackTarget != null || !parkedForFrames.isEmpty()) {
      waitBehindHeldCall(s);
    }
    if (!parkedForFrames.isEmpty() && ++recordsSinceParked > MAX_RECORDS_BEFORE_FRAMES) {
      releaseParked(); // no exit line came for them (--quiet=exit): no frames are coming
    }
    entered(window.add(s));
    return s;
  }

  /**
   * Records read while a call is held for its frames (a signal, its task's exit: -k prints
   * {@code exit_group}'s frames after the {@code +++ exited} line) are delivered after it, in a
   * chain. Past {@value #MAX_RECORDS_BEFORE_FRAMES} of them no frames are coming: the call is let go.
   */
  private void waitBehindHeldCall(Slot s) {
    if (++recordsBehindHeld > MAX_RECORDS_BEFORE_FRAMES) {
      releaseStackTarget();
      return;
    }
    Slot tail = lastBehindHeld != null ? lastBehindHeld : stackTarget;
    if (tail == null) {
      tail = parkedForFrames.values().iterator().next(); // newSlot calls this with one parked at least
    }
    while (tail.follower != null) {
      tail = tail.follower; // a call held again after its first half's followers (it resumed, or was parked)
    }
    s.after = tail;
    tail.follower = s;
    lastBehindHeld = s;
  }

  private static final int MAX_RECORDS_BEFORE_FRAMES = 64;
  private int recordsBehindHeld;
  private Slot lastBehindHeld;

  private void add(long ts, int pid, TraceEvent event) {
    Slot slot = newSlot(ts, pid);
    markUnknownPid(slot, pid);
    resolve(slot, event);
  }

  private void resolve(Slot slot, TraceEvent event) {
    if (slot.pidUnknown && firstTask.pid() != UnprefixedTask.NOT_YET && event.pid() == UnprefixedTask.NOT_YET) {
      event = EventCopies.withPid(event, firstTask.pid());
    }
    slot.event = event;
    slot.syscall = event instanceof SyscallEvent;
    if (fixedPid < 0 && !sawPlainPrefix && firstTask.pid() == UnprefixedTask.NOT_YET && event instanceof SyscallEvent s) {
      int learnt = firstTask.evidence(s);
      if (learnt != UnprefixedTask.NOT_YET) {
        learnRoot(learnt); // also gives this event its pid
      }
    }
    if (slot.detached && slot.deliverable()) {
      deliver(slot);
    }
  }

  /** The last syscall stays in the window until the next syscall line: -k frames may follow. */
  private void hold(Slot slot) {
    releaseStackTarget();
    slot.held = true;
    stackTarget = slot;
    recordsBehindHeld = 0;
    lastBehindHeld = null;
  }

  /**
   * A syscall line of {@code pid} ends the wait for the held call's frames, except where the held
   * call is another task's that never returns: its frames come after its task's exit line, which
   * may follow this line (another task printed in between), so it is parked until then.
   */
  private void releaseStackTargetFor(int pid) {
    // nearly always empty: no boxed pid and no hash lookup per line then
    Slot own = parkedForFrames.isEmpty() ? null : parkedForFrames.remove(pid);
    if (own != null) {
      release(own); // the task went on: it did not exit, no frames are coming
    }
    Slot s = stackTarget;
    if (s != null && s != unparked && s.event instanceof SyscallEvent call && call.pid() != pid && neverReturns(call)) {
      recordsSinceParked = 0;
      Slot earlier = parkedForFrames.put(call.pid(), s);
      if (earlier != null) {
        release(earlier);
      }
      if (lastBehindHeld == null) {
        lastBehindHeld = s; // later records still follow it: parking changes who gets frames, not the order
      }
      stackTarget = null;
      return;
    }
    releaseStackTarget();
  }

  private static boolean neverReturns(SyscallEvent call) {
    return call.completion() == Completion.COMPLETE && !call.result().known()
        && (call.name().equals("exit") || call.name().equals("exit_group"));
  }

  /**
   * {@code pid}'s exit line came: its parked call takes the frames that follow. Without one, the
   * frames that follow are those of its exit call that a status filter kept out of the log
   * ({@code -z}, {@code -Z}, {@code status=!unfinished}): not another task's held call's.
   */
  private void unparkForFrames(int pid) {
    Slot parked = parkedForFrames.remove(pid);
    if (parked == null) {
      // (the held call stays held: frames after a later record, a signal, are still its own)
      framesOfUnprintedCall = stackTarget == null
          || (stackTarget.event instanceof SyscallEvent call && call.pid() != pid);
      return;
    }
    Slot tail = lastBehindHeld != null ? lastBehindHeld : stackTarget; // where the order chain ends
    releaseStackTarget();
    stackTarget = parked;
    unparked = parked; // its exit line came: the frames follow now or never
    lastBehindHeld = tail != parked ? tail : null;
    recordsBehindHeld = 0;
  }

  private void releaseParked() {
    for (Slot parked : parkedForFrames.values()) {
      release(parked);
    }
    parkedForFrames.clear();
  }

  private void releaseStackTarget() {
    Slot s = stackTarget;
    if (s == null) {
      return;
    }
    stackTarget = null;
    release(s);
  }

  private void release(Slot s) {
    s.held = false;
    if (s.stack != null && s.event instanceof SyscallEvent call) {
      s.event = EventCopies.withStack(call, s.stack);
    }
    if (s.detached && s.deliverable()) {
      deliver(s);
    }
  }

  /**
   * Events in timestamp order since the last straggler, counted up to {@value #CALM_EVENTS}; it
   * decides how many resolved events wait in the window for a straggler that may still precede
   * them ({@link #stragglerWait()}).
   */
  private int inOrderRun;
  static final int CALM_HOLD = 1024;
  static final int CALM_EVENTS = 20_000;

  private void entered(boolean inOrder) {
    if (!inOrder) {
      inOrderRun = 0;
    } else if (inOrderRun < CALM_EVENTS) {
      inOrderRun++;
    }
  }

  /**
   * The whole window ({@link ReaderOptions#reorderWindow()}) while stragglers come (logs written
   * with {@code -e status=!unfinished} have one every few dozen events), {@value #CALM_HOLD} after
   * {@value #CALM_EVENTS} events in a row came in order (a plain {@code -f} log has none at all),
   * the whole window again at the next straggler. An event that waits less leaves the window
   * sooner, while still in the CPU caches: the reader is ~7% faster on yy-450 that way. A call
   * still waiting for its resumed half at the head holds everything behind it up to the whole
   * window either way ({@link #drain}): that is where a build's order comes from (make's wait4).
   */
  private int stragglerWait() {
    int window = options.reorderWindow();
    return inOrderRun < CALM_EVENTS ? window : Math.min(window, CALM_HOLD);
  }

  private void drain(boolean all) {
    int limit = all ? 0 : options.reorderWindow();
    int wait = all ? 0 : stragglerWait();
    while (window.size() > wait) {
      Slot head = window.peek();
      boolean deliverable = head.deliverable();
      if (!deliverable && window.size() <= limit) {
        break; // the call at the head holds the rest until the window is full
      }
      window.poll();
      if (deliverable) {
        deliver(head);
      } else {
        head.detached = true;
      }
    }
  }

  private void deliver(Slot slot) {
    slot.delivered = true;
    // only the slot's own fields: the event, read from far back in the window, is likely out of
    // the CPU cache, and its consumer will touch it anyway
    if (slot.ts < lastDeliveredTs) {
      if (taskTimes.latest(slot.pid) > slot.ts) {
        outOfOrder++; // after a later event of its own task
      } else {
        lateCalls++; // its task did nothing meanwhile: it was blocked in this call
      }
    } else {
      lastDeliveredTs = slot.ts;
    }
    taskTimes.delivered(slot.pid, slot.ts);
    ready.add(slot.event);
    events++;
    if (slot.syscall) {
      syscalls++;
    }
    Slot follower = slot.follower;
    if (follower != null && follower.detached && follower.deliverable()) {
      deliver(follower);
    }
  }

  private void finish() {
    finished = true;
    String damage = lines.inputDamage();
    if (damage != null) {
      problem(Math.max(1, physicalLines), 1, damage, new byte[0], 0, 0);
    }
    if (glued != null) {
      reportGlued();
    }
    if (torn != null) {
      abandonTorn();
    }
    for (Pending p : unfinished.values()) {
      abandon(p);
    }
    unfinished.clear();
    waitingOrder.clear();
    releaseStackTarget();
    releaseParked();
    if (!unknownPid.isEmpty()) {
      learnRoot(firstTask.giveUp());
    }
    releaseWaitingForPid();
    deliverLeadingMessages(clock.last(), clock.kindOrNone());
    drain(true);
  }

  // ---------------------------------------------------------------------------------- problems

  private void problem(long line, int column, String message, byte[] b, int s, int e) {
    problems++;
    options.problemSink().accept(Problem.of(source, line, column, message, b, s, e));
  }

  private static String latin1(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }
}
