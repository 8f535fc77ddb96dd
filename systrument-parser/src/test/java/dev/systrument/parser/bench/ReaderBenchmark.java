package dev.systrument.parser.bench;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Value;
import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reader throughput on one thread, over a whole log file per operation (so MB/s = file size /
 * score). Run by bench/run.sh with {@code -p log=bench/work/yy-450.strace}; the file comes from
 * bench/gen-inputs.sh.
 *
 * <ul>
 *   <li>{@code frame}: framing + event building (prefix, timestamp, name, result, duration,
 *       joining of split calls, ordering); arguments stay undecoded, as exporters use them.
 *   <li>{@code decodeAll}: the same plus decoding every syscall's arguments into values.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
// The serial collector, as the CLI runs with (JvmLaunch): events wait in the reorder window long
// enough to be promoted, and G1's write barriers on those stores cost the reader ~6% more
// (yy-450: 582 ms with G1, 546 ms with the serial collector, docs/performance.md).
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseSerialGC"})
public class ReaderBenchmark {
  @Param("bench/work/yy-450.strace")
  public String log;

  private Path path;

  @Setup
  public void setUp() throws IOException {
    path = Path.of(log);
    if (!Files.isRegularFile(path)) {
      throw new IOException(log + " is missing: run bench/gen-inputs.sh first");
    }
  }

  @Benchmark
  public long frame() throws IOException {
    long events = 0;
    try (StraceReader reader = StraceReader.open(path, ReaderOptions.defaults())) {
      TraceEvent e;
      while ((e = reader.next()) != null) {
        events += e.pid() & 1;
      }
    }
    return events;
  }

  @Benchmark
  public long decodeAll() throws IOException {
    long values = 0;
    try (StraceReader reader = StraceReader.open(path, ReaderOptions.defaults())) {
      TraceEvent e;
      while ((e = reader.next()) != null) {
        if (e instanceof SyscallEvent s) {
          for (Value v : s.arguments().values()) {
            values += v instanceof Value.Unparsed ? 1_000_000 : 1;
          }
        }
      }
    }
    return values;
  }
}
