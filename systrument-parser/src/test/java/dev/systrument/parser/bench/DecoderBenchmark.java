package dev.systrument.parser.bench;

import dev.systrument.model.SignalEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Value;
import dev.systrument.parser.DecoderAccess;
import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Argument decoding per syscall (or siginfo): the hand-written fast path, the ANTLR grammar, and
 * what {@code Arguments.values()} runs (fast path, grammar where it declines), over
 * {@value #TEXTS} argument texts sampled evenly from a whole log (every {@value #STRIDE}th event;
 * {@code -p log=...}, default the yy-450 build log from bench/gen-inputs.sh). Scores are average
 * ns per text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class DecoderBenchmark {
  static final int TEXTS = 20_000;
  static final int STRIDE = 40;

  @Param("bench/work/yy-450.strace")
  public String log;

  private byte[][] texts;

  @Setup
  public void setUp() throws IOException {
    Path path = Path.of(log);
    if (!Files.isRegularFile(path)) {
      throw new IOException(log + " is missing: run bench/gen-inputs.sh first");
    }
    List<byte[]> out = new ArrayList<>();
    try (StraceReader reader = StraceReader.open(path, ReaderOptions.defaults())) {
      long n = 0;
      for (TraceEvent e = reader.next(); e != null && out.size() < TEXTS; e = reader.next()) {
        if (n++ % STRIDE != 0) {
          continue;
        }
        if (e instanceof SyscallEvent s && s.arguments().rawLength() > 0) {
          out.add(s.arguments().rawBytes());
        } else if (e instanceof SignalEvent s && s.siginfo().rawLength() > 0) {
          out.add(s.siginfo().rawBytes());
        }
      }
    }
    if (out.size() < TEXTS) {
      throw new IOException(log + " has only " + out.size() + " argument texts, need " + TEXTS);
    }
    texts = out.toArray(new byte[0][]);
  }

  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public long fastPath() {
    long n = 0;
    for (byte[] t : texts) {
      List<Value> v = DecoderAccess.fast(t);
      n += v == null ? 1_000_000 : v.size();
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public long grammar() {
    long n = 0;
    for (byte[] t : texts) {
      n += DecoderAccess.grammar(t).size();
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public long argumentsValues() {
    long n = 0;
    for (byte[] t : texts) {
      n += DecoderAccess.decoder(t).size();
    }
    return n;
  }
}
