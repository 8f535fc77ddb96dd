package dev.systrument.perfetto.bench;

import dev.systrument.model.Arguments;
import dev.systrument.model.SourceLocation;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value;
import dev.systrument.perfetto.PerfettoWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Perfetto writer alone: time per syscall slice (begin + end packets, interned names, one
 * debug annotation per argument, fd paths, result), with arguments already decoded, into a
 * discarding stream. The events repeat the common calls of the yy-450 build log
 * (bench/gen-inputs.sh), quoted below, so the score is the writer's share of
 * {@code strace2perfetto} per syscall. Run: {@code bench/run.sh --jmh}, or
 * {@code java -cp <test classpath> org.openjdk.jmh.Main EncoderBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class EncoderBenchmark {
  private static final int EVENTS = 4096;
  private static final SourceLocation LOG = new SourceLocation("yy-450.strace", 1);
  private static final Task TASK = new Task(1, 1, 6812, 6812);

  private final List<SyscallEvent> events = new ArrayList<>();

  @Setup
  public void setUp() {
    long ts = 1_795_663_531_320_198_000L;
    for (int i = 0; i < EVENTS; i++, ts += 10_000) {
      events.add(switch (i % 6) {
        // openat(AT_FDCWD</work/main/bench>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000010>
        case 0 -> call(ts, "openat", List.of(
            new Value.Annotated(sym("AT_FDCWD"), "/work/main/bench"), str("/etc/ld.so.cache"),
            flags("O_RDONLY", "O_CLOEXEC")), result("3", 3, "/etc/ld.so.cache"));
        // newfstatat(3</etc/ld.so.cache>, "", {st_dev=makedev(0xfe, 0), st_ino=673, st_mode=S_IFREG|0644,
        //   st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=72, st_size=34547,
        //   st_atime=1795663243 /* 2026-11-26T03:20:43.075523269+0000 */, ...}, AT_EMPTY_PATH) = 0
        case 1 -> call(ts, "newfstatat", List.of(fd(3, "/etc/ld.so.cache"), str(""), new Value.Struct(List.of(
            named("st_dev", new Value.Call("makedev", List.of(num("0xfe", 0xfe), num("0", 0)))),
            named("st_ino", num("673", 673)),
            named("st_mode", new Value.Flags(List.of(sym("S_IFREG"), num("0644", 0644)))),
            named("st_nlink", num("1", 1)), named("st_uid", num("0", 0)), named("st_gid", num("0", 0)),
            named("st_blksize", num("4096", 4096)), named("st_blocks", num("72", 72)),
            named("st_size", num("34547", 34547)),
            named("st_atime", new Value.Commented(num("1795663243", 1795663243L), "2026-11-26T03:20:43.075523269+0000")),
            new Value.Ellipsis())), sym("AT_EMPTY_PATH")), result("0", 0, ""));
        // mmap(NULL, 34547, PROT_READ, MAP_PRIVATE, 3</etc/ld.so.cache>, 0) = 0x7f58f0e50000 <0.000011>
        case 2 -> call(ts, "mmap", List.of(sym("NULL"), num("34547", 34547), sym("PROT_READ"), sym("MAP_PRIVATE"),
            fd(3, "/etc/ld.so.cache"), num("0", 0)), result("0x7f58f0e50000", 0x7f58f0e50000L, ""));
        // read(3</usr/lib/x86_64-linux-gnu/libc.so.6>, "\177ELF\2\1\1\3\0..."..., 832) = 832
        case 3 -> call(ts, "read", List.of(fd(3, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
            new Value.Str(elfHeader(), true), num("832", 832)), result("832", 832, ""));
        // readlink("/usr/lib/gcc/x86_64-linux-gnu", 0x7fffa8ec4b00, 1023) = -1 EINVAL (Invalid argument)
        case 4 -> call(ts, "readlink", List.of(str("/usr/lib/gcc/x86_64-linux-gnu"),
            num("0x7fffa8ec4b00", 0x7fffa8ec4b00L), num("1023", 1023)), SyscallResult.error("EINVAL", "Invalid argument"));
        // close(3</etc/ld.so.cache>) = 0 <0.000007>
        default -> call(ts, "close", List.of(fd(3, "/etc/ld.so.cache")), result("0", 0, ""));
      });
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public PerfettoWriter.Stats syscallSlices() {
    PerfettoWriter writer = new PerfettoWriter(OutputStream.nullOutputStream());
    writer.processStarted(TASK, null, events.get(0).timestampNs());
    for (SyscallEvent e : events) {
      writer.event(TASK, e);
    }
    writer.close();
    return writer.stats();
  }

  private static SyscallEvent call(long ts, String name, List<Value> args, SyscallResult result) {
    return new SyscallEvent(6812, ts, TimeKind.EPOCH, "", LOG, name, Arguments.of("...", args), result, 7_000,
        SyscallEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of());
  }

  private static SyscallResult result(String text, long value, String annotation) {
    return new SyscallResult(annotation.isEmpty() ? text : text + "<" + annotation + ">", value, true, "", "", annotation);
  }

  private static byte[] elfHeader() {
    byte[] b = new byte[256];
    byte[] magic = "\177ELF".getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(magic, 0, b, 0, magic.length);
    for (int i = magic.length; i < b.length; i++) {
      b[i] = (byte) (i % 7 == 0 ? '@' : i % 5);
    }
    return b;
  }

  private static Value fd(int fd, String path) {
    return new Value.Annotated(num(Integer.toString(fd), fd), path);
  }

  private static Value sym(String name) {
    return new Value.Sym(name);
  }

  private static Value str(String s) {
    return Value.Str.of(s);
  }

  private static Value num(String text, long value) {
    return new Value.Num(value, text);
  }

  private static Value named(String name, Value v) {
    return new Value.Named(name, v);
  }

  private static Value flags(String... names) {
    List<Value> parts = new ArrayList<>();
    for (String n : names) {
      parts.add(sym(n));
    }
    return new Value.Flags(parts);
  }
}
