package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.Redaction;
import dev.systrument.model.EventText;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ProcessTracker;
import dev.systrument.model.value.Value;
import dev.systrument.parser.Problem;
import dev.systrument.parser.ReadSummary;
import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import dev.systrument.perfetto.DecodedTrace;
import dev.systrument.perfetto.PerfettoOptions;
import dev.systrument.perfetto.PerfettoWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes everything a user's log goes through: batches of corpus lines (every format), mutated,
 * are read by {@link StraceReader} from a stream, every event's lazy parts are forced (argument
 * values and text, the rendered strace line), and the events go through {@link ProcessTracker}
 * into a {@link PerfettoWriter}, whose trace is decoded again. A crash in any of these stages is
 * a failure the user sees.
 *
 * <p>The invariant: the only outcomes are events and {@link Problem}s, each problem located
 * inside the batch; no exception; no event before 1970; a trace whose slices nest; each batch ends within {@link #BATCH_TIMEOUT_SECONDS} (run on
 * a worker thread, so a hang is reported instead of blocking the build); and what a batch
 * allocates is bounded by a multiple of its size, so no input makes memory run away.
 *
 * <p>Property-based in the QuickCheck sense, with its own small generator: each batch is drawn
 * from its own seed (reproducible alone), and a failing batch is minimized (mutations dropped,
 * lines cut) before it is reported together with the command that replays it. The normal build
 * runs {@code fuzz.batches} (300) batches from a fixed seed; {@code ./mvnw -Pfuzz} runs enough
 * for {@code fuzz.minLines} (1,000,000) lines from a new seed, and checks the count. See
 * docs/robustness.md.
 */
class PipelineFuzzTest {
  /** The output policies a batch is exported under (argv and environment redaction). */
  private static final List<Redaction> REDACTIONS = List.of(Redaction.DEFAULT,
      Redaction.DEFAULT.withEnv(Redaction.Env.NONE), Redaction.DEFAULT.withEnv(Redaction.Env.ALL), Redaction.OFF);

  private static final long BATCH_TIMEOUT_SECONDS = 20;
  /** Allocation allowed per input byte, on top of a fixed allowance (tables, buffers). */
  private static final long ALLOCATION_PER_BYTE = 4096;
  private static final long ALLOCATION_BASE = 64L << 20;
  private static final long FIXED_SEED = 20_251_126L;
  private static final long MINIMIZE_SECONDS = 60;

  private static final List<List<byte[]>> SEEDS = seeds();

  /**
   * Fragments inserted by {@link Mutation.Kind#INSERT}: what strace's syntax is made of, the
   * markers that join and split calls, and bytes that are not text.
   */
  private static final List<byte[]> FRAGMENTS = bytesOf(
      "(", ")", "{", "}", "[", "]", "\"", "\\", "<", ">", ",", "=", "|", "-", "~", "!", "&", "@", "?", "...",
      " <unfinished ...>", "<... read resumed>", " resumed>", "<... ", "<detached ...>", "<pid changed to 7 ...>",
      " = ", " = ?", " = -1 ENOENT (No such file or directory)", " <0.000012>", "=>", "/* ", " */", "0x",
      "+++ exited with 0 +++", "--- SIGCHLD {si_signo=SIGCHLD} ---", "[pid 42] ", "strace: Process 9 attached",
      "\"...", "{...}", "[...]", "\n", "\r", "\0", "\t", "\u00e9", "\\x", "\\377");

  private static final List<byte[]> PIDS = bytesOf("0", "1", "2", "65535", "4194304", "2147483647", "2147483648",
      "4294967297", "99999999999999999999", "-5", "007");

  private static final List<byte[]> TIMESTAMPS = bytesOf("0.000000", "0", "1.0", "86399.999999", "-1.5",
      "99999999999.999999", "9223372036.854775807", "99999999999999999999.5", "4102444800.000000",
      "0.000000001", "1795664518.128692", "23:59:59.999999", "00:00:00", "25:61:61.5", "12:00", "1e9", ".5",
      "1795664518.", "1795664518.1234567890123");

  private ExecutorService worker = newWorker();
  private long lines;
  private long problems;
  private long events;

  @AfterEach
  void stopWorker() {
    worker.shutdownNow();
  }

  @Test
  void mutatedLogsGiveOnlyEventsAndLocatedProblems() {
    String seedProperty = System.getProperty("systrument.fuzz.seed", "fixed");
    long seed = seedProperty.equals("fixed") ? FIXED_SEED
        : seedProperty.equals("random") ? new SplittableRandom().nextLong() & Long.MAX_VALUE : Long.parseLong(seedProperty);
    int batches = Integer.getInteger("systrument.fuzz.batches", 300);
    int first = Integer.getInteger("systrument.fuzz.first", 0);
    long minLines = Long.getLong("systrument.fuzz.minLines", 0);
    long started = System.nanoTime();
    for (int i = first; i < first + batches; i++) {
      Batch batch = Batch.random(new SplittableRandom(seed * 1_000_003L + i));
      String failure = failure(batch);
      if (failure != null) {
        String replay = "./mvnw -B -o -Pfuzz -pl systrument-cli -am verify -Dfuzz.seed=" + seed + " -Dfuzz.first=" + i
            + " -Dfuzz.batches=1 -Dfuzz.minLines=0";
        throw new AssertionError("batch " + i + " of seed " + seed + " fails: " + failure + "\nreplay: " + replay
            + "\n" + minimized(batch, failure));
      }
    }
    System.out.printf("PipelineFuzzTest: seed %d, %d batches, %d mutated lines, %d events, %d problems, %.1f s%n",
        seed, batches, lines, events, problems, (System.nanoTime() - started) / 1e9);
    assertThat(lines).as("mutated lines read (fuzz.minLines)").isGreaterThanOrEqualTo(minLines);
  }

  /** What is wrong with the pipeline's run over {@code batch}, or null when it holds the invariant. */
  private String failure(Batch batch) {
    Future<Outcome> run = worker.submit(() -> read(batch));
    Outcome outcome;
    try {
      outcome = run.get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the old one may never come back
      return "did not finish within " + BATCH_TIMEOUT_SECONDS + " s";
    } catch (ExecutionException e) {
      return describe(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long limit = ALLOCATION_BASE + ALLOCATION_PER_BYTE * outcome.inputBytes;
    if (outcome.allocatedBytes > limit) {
      return "allocated " + outcome.allocatedBytes + " bytes for " + outcome.inputBytes + " input bytes";
    }
    lines += outcome.lines;
    events += outcome.events;
    problems += outcome.problems;
    return null;
  }

  private static String describe(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  /**
   * The smallest batch found, within {@link #MINIMIZE_SECONDS}, that still fails the same way:
   * fewer mutations, then fewer lines (the reported batch is what a regression test starts from).
   */
  private String minimized(Batch batch, String failure) {
    if (failure.startsWith("did not finish")) {
      return "batch:\n" + batch; // each attempt could hang again
    }
    String kind = failure.lines().findFirst().orElse("");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MINIMIZE_SECONDS);
    Batch best = batch;
    boolean progress = true;
    while (progress && System.nanoTime() < deadline) {
      progress = false;
      for (Batch smaller : best.smaller()) {
        String f = failure(smaller);
        if (f != null && f.lines().findFirst().orElse("").equals(kind)) {
          best = smaller;
          progress = true;
          break;
        }
      }
    }
    return "minimized batch (" + best.mutations().size() + " mutations):\n" + best + "\noriginal batch:\n" + batch;
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-worker");
      t.setDaemon(true);
      return t;
    });
  }

  private record Outcome(long inputBytes, long allocatedBytes, long lines, long events, long problems) {}

  /** Runs the whole pipeline over one batch, on the worker thread. */
  private static Outcome read(Batch batch) throws IOException {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    byte[] input = batch.bytes();
    List<Problem> problems = new ArrayList<>();
    ReaderOptions options = ReaderOptions.defaults()
        .withProblemSink(problems::add)
        .withValidateArguments(batch.validate())
        .withReorderWindow(batch.reorderWindow())
        .withFramingThread(batch.framing());
    ByteArrayOutputStream trace = new ByteArrayOutputStream();
    PerfettoWriter writer = new PerfettoWriter(trace,
        PerfettoOptions.DEFAULTS.withLogs(batch.logs()).withRedaction(REDACTIONS.get(batch.redaction())));
    ProcessTracker tracker = new ProcessTracker(writer);
    long events = 0;
    ReadSummary summary;
    try (StraceReader reader = StraceReader.open(new ByteArrayInputStream(input), "fuzz", options)) {
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        forceLazyParts(e);
        tracker.accept(e);
        events++;
      }
      summary = reader.summary();
    }
    tracker.finish();
    writer.close();
    // slices on a track must nest, or the trace processor pairs BEGIN and END wrongly
    assertThat(DecodedTrace.decode(trace.toByteArray()).nestingErrors).isEmpty();

    assertThat(summary.events()).isEqualTo(events);
    assertThat(summary.problems()).isEqualTo(problems.size());
    for (Problem p : problems) {
      assertThat(p.line()).as("%s", p.format()).isBetween(1L, summary.physicalLines());
      assertThat(p.column()).as("%s", p.format()).isPositive();
      assertThat(p.message()).as("%s", p.format()).isNotBlank();
      assertThat(p.format()).startsWith("fuzz:" + p.line() + ":" + p.column() + ": ");
    }
    return new Outcome(input.length, threads.getCurrentThreadAllocatedBytes() - before, summary.physicalLines(), events,
        problems.size());
  }

  /**
   * What an exporter may ask of an event: every value decoded and rendered, the strace line. And
   * its time: a stream has no base date before 1970, so no event may come out before it (an
   * overflowing timestamp once did).
   */
  private static void forceLazyParts(TraceEvent e) {
    assertThat(e.timestampNs()).as("timestamp of %s", e.location()).isNotNegative();
    if (e instanceof SyscallEvent s) {
      render(s.arguments().values());
      assertThat(s.arguments().text()).isNotNull();
      assertThat(s.result().text()).isNotNull();
    } else if (e instanceof SignalEvent g) {
      render(g.siginfo().values());
    }
    assertThat(EventText.render(e)).isNotEmpty();
    for (Redaction redaction : REDACTIONS) {
      assertThat(EventText.render(e, redaction)).isNotEmpty();
    }
  }

  private static void render(List<Value> values) {
    for (Value v : values) {
      assertThat(v.toText()).isNotNull();
    }
  }

  /**
   * A window of consecutive lines of one corpus file (so the batch has the file's format and its
   * unfinished/resumed pairs), then the mutations applied in order, and the reader's and writer's
   * options. {@link #toString} shows the mutated text itself.
   */
  record Batch(int seed, int firstLine, int lineCount, List<Mutation> mutations, boolean validate, int reorderWindow,
      boolean logs, int redaction, boolean framing) {

    private static final int[] WINDOWS = {0, 1, 16, ReaderOptions.DEFAULT_REORDER_WINDOW};

    static Batch random(SplittableRandom r) {
      int lineCount = 1 + r.nextInt(200);
      // mostly a few mutations per batch (a parser meets one bad line among good ones), sometimes many
      int mutationCount = 1 + (r.nextInt(4) == 0 ? r.nextInt(60) : r.nextInt(8));
      List<Mutation> mutations = new ArrayList<>();
      Mutation.Kind[] kinds = Mutation.Kind.values();
      for (int i = 0; i < mutationCount; i++) {
        mutations.add(new Mutation(kinds[r.nextInt(kinds.length)], r.nextInt(Integer.MAX_VALUE),
            r.nextInt(Integer.MAX_VALUE), r.nextInt(Integer.MAX_VALUE)));
      }
      return new Batch(r.nextInt(SEEDS.size()), r.nextInt(Integer.MAX_VALUE), lineCount, List.copyOf(mutations),
          r.nextBoolean(), WINDOWS[r.nextInt(WINDOWS.length)], r.nextBoolean(), r.nextInt(REDACTIONS.size()),
          r.nextBoolean());
    }

    /** Candidates one step smaller, most promising first: without a mutation, fewer lines. */
    List<Batch> smaller() {
      List<Batch> out = new ArrayList<>();
      for (int i = 0; i < mutations.size(); i++) {
        List<Mutation> fewer = new ArrayList<>(mutations);
        fewer.remove(i);
        out.add(new Batch(seed, firstLine, lineCount, fewer, validate, reorderWindow, logs, redaction, framing));
      }
      if (lineCount > 1) {
        int half = lineCount / 2;
        // mutations name lines modulo the count, so a shorter window keeps them on some line
        out.add(new Batch(seed, firstLine, half, mutations, validate, reorderWindow, logs, redaction, framing));
        out.add(new Batch(seed, firstLine + half, lineCount - half, mutations, validate, reorderWindow, logs, redaction, framing));
        out.add(new Batch(seed, firstLine, lineCount - 1, mutations, validate, reorderWindow, logs, redaction, framing));
        out.add(new Batch(seed, firstLine + 1, lineCount - 1, mutations, validate, reorderWindow, logs, redaction, framing));
      }
      return out;
    }

    List<byte[]> lines() {
      List<byte[]> source = SEEDS.get(seed);
      int from = firstLine % source.size();
      List<byte[]> lines = new ArrayList<>();
      for (int i = 0; i < lineCount; i++) {
        lines.add(source.get((from + i) % source.size()).clone());
      }
      for (Mutation m : mutations) {
        m.apply(lines);
      }
      return lines;
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] line : lines()) {
        out.writeBytes(line);
        out.write('\n');
      }
      return out.toByteArray();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("Batch[validate=" + validate + ", reorderWindow=" + reorderWindow
          + ", logs=" + logs + ", redaction=" + REDACTIONS.get(redaction) + ", framing=" + framing + ", " + mutations + "]\n");
      for (byte[] line : lines()) {
        sb.append("  |").append(escaped(line)).append('\n');
      }
      return sb.toString();
    }

  }

  /** One change to one line; {@code line}, {@code position} and {@code argument} are taken modulo what exists. */
  record Mutation(Kind kind, int line, int position, int argument) {
    enum Kind {
      /** flip one bit of one byte */
      FLIP_BIT,
      /** replace one byte by any byte */
      REPLACE_BYTE,
      /** insert a structural fragment (a bracket, a quote, {@code <unfinished ...>}, a NUL...) */
      INSERT,
      /** delete 1 to 16 bytes */
      DELETE,
      /** cut the line */
      TRUNCATE,
      /** the head of this line, the tail of another */
      SPLICE,
      /** a copy of this line somewhere in the batch (duplicate and out-of-order timestamps) */
      DUPLICATE,
      /** another pid in the prefix */
      CHANGE_PID,
      /** another timestamp (before 1970, far future, malformed, a time of day) */
      CHANGE_TIMESTAMP,
      /** another return value: often a pid of the batch, so a clone "returns" a task that exists (itself, its parent) */
      CHANGE_RESULT,
      /** one fragment many times over (nesting around the depth limit, long runs of operators) */
      REPEAT,
      /** the line replaced by fragments and pieces of other lines, in any order */
      NOISE
    }

    void apply(List<byte[]> lines) {
      if (lines.isEmpty()) {
        return;
      }
      int index = line % lines.size();
      byte[] b = lines.get(index);
      int at = b.length == 0 ? 0 : position % (b.length + 1);
      switch (kind) {
        case FLIP_BIT -> {
          if (b.length > 0) {
            b[at % b.length] ^= (byte) (1 << (argument % 8));
          }
        }
        case REPLACE_BYTE -> {
          if (b.length > 0) {
            b[at % b.length] = (byte) argument;
          }
        }
        case INSERT -> lines.set(index, splice(b, at, at, FRAGMENTS.get(argument % FRAGMENTS.size())));
        case DELETE -> lines.set(index, splice(b, at, Math.min(b.length, at + 1 + argument % 16), new byte[0]));
        case TRUNCATE -> lines.set(index, Arrays.copyOf(b, at));
        case SPLICE -> {
          byte[] other = lines.get(argument % lines.size());
          int from = other.length == 0 ? 0 : (argument >>> 8) % (other.length + 1);
          lines.set(index, splice(b, at, b.length, Arrays.copyOfRange(other, from, other.length)));
        }
        case DUPLICATE -> lines.add(argument % (lines.size() + 1), b.clone());
        case CHANGE_PID -> {
          int[] pid = pidRange(b);
          byte[] value = argument % 3 == 0 ? Integer.toString(argument).getBytes(StandardCharsets.US_ASCII)
              : PIDS.get(argument % PIDS.size());
          lines.set(index, pid == null ? splice(b, 0, 0, concat(value, new byte[] {' '})) : splice(b, pid[0], pid[1], value));
        }
        case CHANGE_TIMESTAMP -> {
          int[] ts = timestampRange(b);
          byte[] value = TIMESTAMPS.get(argument % TIMESTAMPS.size());
          lines.set(index, ts[0] == ts[1] ? splice(b, ts[0], ts[0], concat(value, new byte[] {' '})) : splice(b, ts[0], ts[1], value));
        }
        case CHANGE_RESULT -> {
          int equals = lastIndexOf(b, " = ");
          if (equals >= 0) {
            int s = equals + 3;
            int e = s;
            while (e < b.length && b[e] != ' ') {
              e++;
            }
            int[] pid = pidRange(lines.get(argument % lines.size()));
            byte[] value = pid != null && argument % 4 != 0
                ? Arrays.copyOfRange(lines.get(argument % lines.size()), pid[0], pid[1])
                : PIDS.get(argument % PIDS.size());
            lines.set(index, splice(b, s, e, value));
          }
        }
        case REPEAT -> {
          byte[] fragment = FRAGMENTS.get(argument % FRAGMENTS.size());
          int times = 1 + (argument >>> 8) % 400;
          byte[] run = new byte[fragment.length * times];
          for (int i = 0; i < times; i++) {
            System.arraycopy(fragment, 0, run, i * fragment.length, fragment.length);
          }
          lines.set(index, splice(b, at, at, run));
        }
        case NOISE -> {
          SplittableRandom r = new SplittableRandom(argument);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          int pieces = 1 + r.nextInt(30);
          for (int i = 0; i < pieces; i++) {
            if (r.nextBoolean()) {
              out.writeBytes(FRAGMENTS.get(r.nextInt(FRAGMENTS.size())));
            } else {
              byte[] other = lines.get(r.nextInt(lines.size()));
              int from = r.nextInt(other.length + 1);
              out.write(other, from, Math.min(other.length - from, r.nextInt(24)));
            }
          }
          lines.set(index, out.toByteArray());
        }
      }
    }

  }

  /** The pid of {@code 1234 ...} or {@code [pid 1234] ...}, or null when the line has none. */
  static int[] pidRange(byte[] b) {
    int s = startsWith(b, "[pid ") ? 5 : 0;
    while (s < b.length && b[s] == ' ') {
      s++;
    }
    int e = s;
    while (e < b.length && b[e] >= '0' && b[e] <= '9') {
      e++;
    }
    return e > s && e < b.length && (b[e] == ' ' || b[e] == ']') ? new int[] {s, e} : null;
  }

  /** Where the timestamp is (after the pid prefix): {start, end}, empty when there is none. */
  static int[] timestampRange(byte[] b) {
    int[] pid = pidRange(b);
    int s = pid == null ? 0 : pid[1];
    while (s < b.length && (b[s] == ' ' || b[s] == ']')) {
      s++;
    }
    int e = s;
    while (e < b.length && ((b[e] >= '0' && b[e] <= '9') || b[e] == '.' || b[e] == ':')) {
      e++;
    }
    return e < b.length && b[e] == ' ' ? new int[] {s, e} : new int[] {s, s};
  }

  private static int lastIndexOf(byte[] b, String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = b.length - t.length; i >= 0; i--) {
      if (Arrays.equals(b, i, i + t.length, t, 0, t.length)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    return b.length >= p.length && Arrays.equals(b, 0, p.length, p, 0, p.length);
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String escaped(byte[] line) {
    StringBuilder sb = new StringBuilder();
    for (byte x : line) {
      int c = x & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }

  private static List<byte[]> bytesOf(String... texts) {
    List<byte[]> out = new ArrayList<>();
    for (String t : texts) {
      out.add(t.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Every corpus file's lines (each -ff member a file of its own), as bytes. */
  private static List<List<byte[]>> seeds() {
    List<List<byte[]>> seeds = new ArrayList<>();
    for (Path file : Corpus.logFiles()) {
      try {
        byte[] content = Files.readAllBytes(file);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
          if (content[i] == '\n') {
            lines.add(Arrays.copyOfRange(content, start, i));
            start = i + 1;
          }
        }
        if (start < content.length) {
          lines.add(Arrays.copyOfRange(content, start, content.length));
        }
        if (!lines.isEmpty()) {
          seeds.add(lines);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return seeds;
  }
}
