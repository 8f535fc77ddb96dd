package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.parser.Json;
import dev.systrument.perfetto.DecodedTrace;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of bad inputs in docs/robustness.md, one test per row, end to end through the
 * command line: what the user reads, the exit status, and that the rest of the log is still
 * converted (the Perfetto trace decoded again). Inputs are made from the corpus or written here,
 * the large ones streamed to disk.
 */
class RobustnessCatalogueTest {
  @TempDir Path tmp;

  /** A small real log: w02-nested-exit in plain -f format (368 lines, 361 syscalls, 3 processes). */
  private static final Path PLAIN = Corpus.log("w02-nested-exit.E-plain.strace");

  @Test
  void emptyFile() throws IOException {
    Files.write(tmp.resolve("empty.strace"), new byte[0]);

    CliRun check = CliRun.run(tmp, "check", "empty.strace");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err().strip())
        .isEqualTo("empty.strace: 0 lines, 0 syscalls, 0 processes; 0 problems; the input is empty");

    DecodedTrace trace = convert("empty.strace", ExitCode.OK);
    assertThat(trace.slices).isEmpty();
  }

  @Test
  void fileCutMidLine() throws IOException {
    List<String> lines = Files.readAllLines(PLAIN);
    String cut = String.join("\n", lines.subList(0, 99)) + "\n" + lines.get(99).substring(0, 20);
    Files.writeString(tmp.resolve("cut.strace"), cut);

    CliRun check = CliRun.run(tmp, "check", "cut.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("cut.strace:100:").contains("1 problem (line skipped)");

    // what the cut line printed is kept as an unfinished call
    DecodedTrace trace = convert("cut.strace", ExitCode.PROBLEMS);
    assertThat(trace.slicesInCategory("syscall")).hasSize(syscallLines(lines.subList(0, 99)) + 1);
  }

  @Test
  void fileCutMidString() throws IOException {
    List<String> lines = Files.readAllLines(PLAIN);
    int withString = 4; // 19709 openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
    assertThat(lines.get(withString)).contains("\"/etc/ld.so.cache\"");
    String head = String.join("\n", lines.subList(0, withString)) + "\n";
    String cutLine = lines.get(withString).substring(0, lines.get(withString).indexOf("/ld.so"));
    Files.writeString(tmp.resolve("cut.strace"), head + cutLine);

    CliRun check = CliRun.run(tmp, "check", "cut.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("cut.strace:5:" + (cutLine.indexOf('"') + 1)
        + ": unterminated string: no closing '\"' on this line");

    DecodedTrace trace = convert("cut.strace", ExitCode.PROBLEMS);
    assertThat(trace.slicesInCategory("syscall")).hasSize(withString);
  }

  @Test
  void crlfLineEndings() throws IOException {
    String crlf = Files.readString(PLAIN).replace("\n", "\r\n");
    Files.writeString(tmp.resolve("crlf.strace"), crlf);

    CliRun check = CliRun.run(tmp, "check", "crlf.strace");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err().strip()).isEqualTo("crlf.strace: 368 lines, 361 syscalls, 3 processes; 0 problems");

    assertThat(convert("crlf.strace", ExitCode.OK).slicesInCategory("syscall")).hasSize(361);
  }

  @Test
  void nulBytes() throws IOException {
    List<byte[]> lines = lines(PLAIN);
    lines.set(10, splice(lines.get(10), 20, new byte[] {0, 0}));
    lines.set(20, new byte[50]); // a run of NULs, as a crash leaves in a preallocated file
    write("nul.strace", lines);

    CliRun check = CliRun.run(tmp, "check", "nul.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("nul.strace:11:").contains("nul.strace:21:1: not a strace line")
        .contains("\\x00\\x00").doesNotContain("\0")
        .contains("nul.strace: 368 lines, 360 syscalls, 3 processes; 2 problems (lines skipped)");

    // line 11 keeps its call (only its arguments do not decode); line 21 is lost to the NULs
    assertThat(convert("nul.strace", ExitCode.PROBLEMS).slicesInCategory("syscall")).hasSize(360);
  }

  @Test
  void invalidUtf8() throws IOException {
    List<byte[]> lines = lines(PLAIN);
    // in a string argument: strace strings are bytes, kept as they are (shown as \xHH)
    assertThat(new String(lines.get(0), StandardCharsets.ISO_8859_1)).contains("[\"bash\", ");
    lines.set(0, new String(lines.get(0), StandardCharsets.ISO_8859_1).replace("[\"bash\", ", "[\"ba\u00ff\u00fesh\", ")
        .getBytes(StandardCharsets.ISO_8859_1));
    // a line that is not UTF-8 at all
    lines.add(30, new byte[] {(byte) 0xc3, '(', ' ', 'g', 'a', 'r', 'b', 'a', 'g', 'e', ' ', (byte) 0xa0, (byte) 0xa1});
    write("utf8.strace", lines);

    CliRun check = CliRun.run(tmp, "check", "utf8.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("utf8.strace:31:1: not a strace line").contains("\\xc3( garbage \\xa0\\xa1")
        .contains("1 problem (line skipped)");

    assertThat(convert("utf8.strace", ExitCode.PROBLEMS).slicesInCategory("syscall")).hasSize(361);
    CliRun tree = CliRun.run(tmp, "tree", "--json", "utf8.strace");
    assertThat(tree.out()).contains("\\\\xff\\\\xfe").doesNotContain("\ufffd");
  }

  @Test
  @Timeout(60)
  void aSingleLineOf64Megabytes() throws IOException {
    Path big = tmp.resolve("big.strace");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
      out.write("5 1700000000.000001 getpid() = 5\n5 1700000000.000002 write(1, \"".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 64; i++) {
        out.write(chunk);
      }
      out.write("\", 67108864) = 67108864\n5 1700000000.000003 getpid() = 5\n5 1700000000.000004 +++ exited with 0 +++\n"
          .getBytes(StandardCharsets.US_ASCII));
    }

    CliRun check = CliRun.run(tmp, "check", "big.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("big.strace:2:1: line longer than 16777216 bytes; skipped")
        .contains("big.strace: 4 lines, 2 syscalls, 1 process; 1 problem");
    assertThat(check.err().length()).as("the line is shown as an excerpt, not 16 MB").isLessThan(2000);

    DecodedTrace trace = convert("big.strace", ExitCode.PROBLEMS);
    assertThat(trace.slicesInCategory("syscall")).extracting(s -> s.name).containsExactly("getpid", "getpid");
  }

  @Test
  void aValueNested100000LevelsDeep() throws IOException {
    int depth = 100_000;
    String deep = "5 1700000000.000002 ioctl(3, " + "[".repeat(depth) + "1" + "]".repeat(depth) + ") = 0\n";
    Files.writeString(tmp.resolve("deep.strace"), "5 1700000000.000001 getpid() = 5\n" + deep
        + "5 1700000000.000003 getpid() = 5\n5 1700000000.000004 +++ exited with 0 +++\n");

    CliRun check = CliRun.run(tmp, "check", "deep.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    int column = deep.indexOf('[') + 201; // the 201st '['
    assertThat(check.err()).contains("deep.strace:2:" + column + ": too deeply nested (more than 200 levels of brackets)");

    // Conversions do not validate arguments: the call is kept, its arguments unparsed.
    DecodedTrace trace = convert("deep.strace", ExitCode.OK);
    assertThat(trace.slicesInCategory("syscall")).extracting(s -> s.name).containsExactly("getpid", "ioctl", "getpid");

    // the limit goes up to 1000 (past what the stack holds, the parser reports its stack exhausted)
    CliRun deeper = CliRun.run(tmp, "check", "--max-nesting", "1000", "deep.strace");
    assertThat(deeper.exitCode()).as("%s", deeper).isEqualTo(ExitCode.PROBLEMS);
    assertThat(deeper.err()).contains("deep.strace:2:").contains("too deeply nested (");
    CliRun tooHigh = CliRun.run(tmp, "check", "--max-nesting", "100000", "deep.strace");
    assertThat(tooHigh.exitCode()).as("%s", tooHigh).isEqualTo(ExitCode.USAGE);
    assertThat(tooHigh.err()).contains("--max-nesting must be between 1 and 1000, not 100000");
  }

  /**
   * A million pids must not make the per-pid tables quadratic: that would take hours here, so a
   * generous timeout catches it. It is a guard, not a speed figure (those are bench/run.sh's): the
   * wall-clock limits this test used to assert on each step failed on a loaded machine (104 s for
   * a step that takes 40 s alone) without saying anything about the code.
   */
  @Test
  @Timeout(240)
  void aMillionDistinctPids() throws IOException {
    Path log = tmp.resolve("pids.strace");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 16)) {
      for (int pid = 1000; pid < 1_001_000; pid++) {
        long us = 1_700_000_000_000_000L + pid;
        out.write((pid + " " + us / 1_000_000 + "." + String.format("%06d", us % 1_000_000) + " getpid() = " + pid + "\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
    }

    CliRun check = CliRun.run(tmp, "check", "pids.strace");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err().strip()).isEqualTo("pids.strace: 1000000 lines, 1000000 syscalls, 1000000 processes; 0 problems");

    // every task still runs at the end (no exit lines): the writer holds them all until then
    DecodedTrace trace = convert("pids.strace", ExitCode.OK);
    assertThat(trace.threadTracks()).hasSize(1_000_000);
  }

  @Test
  void anUnfinishedCallNeverResumed() throws IOException {
    Files.writeString(tmp.resolve("unres.strace"), """
        100 1700000000.000100 execve("/bin/sh", ["sh"], 0x7ffd3a1c2e48 /* 4 vars */) = 0
        100 1700000000.000200 read(0,  <unfinished ...>
        100 1700000000.000300 +++ killed by SIGKILL +++
        """);

    CliRun check = CliRun.run(tmp, "check", "unres.strace");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err().strip())
        .isEqualTo("unres.strace: 3 lines, 2 syscalls, 1 process; 0 problems, 1 call never resumed");

    DecodedTrace trace = convert("unres.strace", ExitCode.OK);
    assertThat(trace.slicesInCategory("syscall")).filteredOn(s -> s.name.equals("read"))
        .singleElement().satisfies(s -> assertThat(s.args).containsEntry("completion", "unfinished"));
  }

  @Test
  void aResumedLineWithNoUnfinishedCall() throws IOException {
    Files.writeString(tmp.resolve("orphan.strace"), """
        100 1700000000.000100 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101
        100 1700000000.000200 getpid() = 100
        100 1700000000.000300 +++ exited with 0 +++
        """);

    CliRun check = CliRun.run(tmp, "check", "orphan.strace");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err().strip())
        .isEqualTo("orphan.strace: 3 lines, 2 syscalls, 1 process; 0 problems, 1 resumed without start");

    assertThat(convert("orphan.strace", ExitCode.OK).slicesInCategory("syscall")).extracting(s -> s.name)
        .containsExactly("wait4", "getpid");
  }

  @Test
  void duplicateAndOutOfOrderTimestamps() throws IOException {
    Files.writeString(tmp.resolve("order.strace"), """
        100 1700000000.000100 execve("/bin/sh", ["sh"], 0x7ffd3a1c2e48 /* 4 vars */) = 0
        100 1700000000.000300 getpid() = 100 <0.000010>
        100 1700000000.000300 getppid() = 1 <0.000010>
        100 1700000000.000200 getuid() = 0 <0.000010>
        100 1700000000.000400 +++ exited with 0 +++
        """);

    CliRun check = CliRun.run(tmp, "check", "order.strace");
    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err().strip()).isEqualTo("order.strace: 5 lines, 4 syscalls, 1 process; 0 problems");

    // put in time order within the window; the second call at .000300 starts where the first ends
    DecodedTrace trace = convert("order.strace", ExitCode.OK);
    assertThat(trace.nestingErrors).isEmpty();
    assertThat(trace.slicesInCategory("syscall")).extracting(s -> s.name)
        .containsExactly("execve", "getuid", "getpid", "getppid");

    // a window of 0 keeps log order: the late line is counted, not reordered
    CliRun unordered = CliRun.run(tmp, "check", "--reorder-window", "0", "order.strace");
    assertThat(unordered.exitCode()).as("%s", unordered).isZero();
    assertThat(unordered.err()).contains("1 event out of order (raise --reorder-window)");
  }

  @Test
  void timestampsBefore1970() throws IOException {
    Files.writeString(tmp.resolve("tod.strace"), """
        100 23:59:59.000100 execve("/bin/sh", ["sh"], 0x7ffd3a1c2e48 /* 4 vars */) = 0
        100 23:59:59.500000 getpid() = 100
        100 00:00:00.100000 getuid() = 0
        100 00:00:01.000000 +++ exited with 0 +++
        """);

    CliRun tree = CliRun.run(tmp, "tree", "--json", "--base-date", "1969-12-31", "tod.strace");
    assertThat(tree.exitCode()).as("%s", tree).isZero();
    Map<String, Object> process = processes(tree).get(0);
    assertThat(process.get("startNs")).isEqualTo(-999_900_000L); // 1969-12-31T23:59:59.0001Z, before the epoch
    assertThat(process.get("endNs")).isEqualTo(1_000_000_000L); // the next day: midnight rollover

    // Perfetto has no time before 0: those slices start at 0, in order
    CliRun convert = CliRun.run(tmp, "strace2perfetto", "--base-date", "1969-12-31", "tod.strace", "-o", "tod.pftrace");
    assertThat(convert.exitCode()).as("%s", convert).isZero();
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("tod.pftrace")));
    assertThat(trace.nestingErrors).isEmpty();
    assertThat(trace.slicesInCategory("syscall")).extracting(s -> s.tsNs).containsExactly(0L, 0L, 100_000_000L);
  }

  @Test
  void timestampsFarInTheFuture() throws IOException {
    Files.writeString(tmp.resolve("future.strace"), """
        100 1700000000.000100 execve("/bin/sh", ["sh"], 0x7ffd3a1c2e48 /* 4 vars */) = 0
        100 1700000000.000200 getpid() = 100
        100 99999999999.000300 getppid() = 1
        100 1700000000.000400 exit_group(0) = ?
        100 1700000000.000500 +++ exited with 0 +++
        100 4102444800.000000 getuid() = 0
        """);

    CliRun check = CliRun.run(tmp, "check", "future.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("future.strace:3:5: timestamp out of range (after 2262-04-11, or more than 9"
        + " fraction digits): the line keeps the time of the line before");

    // 2100-01-01 fits: a line stamped after its task's exit starts a new process with that pid
    CliRun tree = CliRun.run(tmp, "tree", "--json", "future.strace");
    assertThat(processes(tree)).extracting(p -> p.get("startNs"))
        .containsExactly(1_700_000_000_000_100_000L, 4_102_444_800_000_000_000L);
    DecodedTrace trace = convert("future.strace", ExitCode.PROBLEMS);
    assertThat(trace.slicesInCategory("syscall")).extracting(s -> s.name)
        .containsExactly("execve", "getpid", "getppid", "exit_group", "getuid");
  }

  @Test
  void binaryGarbage() throws IOException {
    byte[] garbage = new byte[64 << 10];
    new Random(8).nextBytes(garbage);
    List<byte[]> lines = lines(PLAIN);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      if (i == 100) {
        log.writeBytes(garbage);
        log.write('\n');
      }
      log.writeBytes(lines.get(i));
      log.write('\n');
    }
    Files.write(tmp.resolve("garbage.strace"), log.toByteArray());

    CliRun check = CliRun.run(tmp, "check", "garbage.strace");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("garbage.strace:101:").contains("more problems not shown (--max-problems)");
    assertThat(check.err().chars()).as("no control bytes reach the terminal")
        .allMatch(c -> c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)));

    assertThat(convert("garbage.strace", ExitCode.PROBLEMS).slicesInCategory("syscall")).hasSize(361);
  }

  @Test
  void aTruncatedGzipFile() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      Files.copy(Corpus.log("w07-build.C-full.strace"), out);
    }
    byte[] bytes = gz.toByteArray();
    Files.write(tmp.resolve("cut.strace.gz"), Arrays.copyOf(bytes, bytes.length / 2));

    CliRun check = CliRun.run(tmp, "check", "cut.strace.gz");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.PROBLEMS);
    assertThat(check.err()).contains("the gzip data ends before its end marker (the file is truncated): reading stops here");

    DecodedTrace trace = convert("cut.strace.gz", ExitCode.PROBLEMS);
    assertThat(trace.slicesInCategory("syscall").size()).as("about half of the 7223 calls").isBetween(2000, 6000);
    assertThat(listing()).containsExactlyInAnyOrder("cut.strace.gz", "out.pftrace");
  }

  @Test
  void aDirectoryAsInput() throws IOException {
    Files.createDirectory(tmp.resolve("logs"));
    Files.writeString(tmp.resolve("logs/notes.txt"), "not a log");

    CliRun check = CliRun.run(tmp, "check", "logs");
    assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCode.USAGE);
    assertThat(check.err()).contains("logs: no strace -ff members (NAME.PID) in this directory");

    CliRun convert = CliRun.run(tmp, "strace2perfetto", "logs", "-o", "out.pftrace");
    assertThat(convert.exitCode()).as("%s", convert).isEqualTo(ExitCode.USAGE);
    assertThat(listing()).containsExactly("logs");
  }

  @Test
  @Timeout(60)
  void aFifoAsInput() throws Exception {
    Path fifo = tmp.resolve("live.strace");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        Files.copy(PLAIN, out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    CliRun convert = CliRun.run(tmp, "strace2perfetto", "live.strace", "-o", "out.pftrace");

    writer.get(30, TimeUnit.SECONDS);
    assertThat(convert.exitCode()).as("%s", convert).isZero();
    assertThat(convert.err()).contains("live.strace: 368 lines, 361 syscalls, 3 processes; 0 problems");
    assertThat(DecodedTrace.decode(Files.readAllBytes(tmp.resolve("out.pftrace"))).slicesInCategory("syscall")).hasSize(361);
  }

  @Test
  void outputPathEqualToTheInputPath() throws IOException {
    Files.copy(PLAIN, tmp.resolve("plain.strace"));
    byte[] before = Files.readAllBytes(tmp.resolve("plain.strace"));
    Files.createSymbolicLink(tmp.resolve("link.pftrace"), tmp.resolve("plain.strace"));

    for (String output : List.of("plain.strace", "./plain.strace", "link.pftrace")) {
      CliRun convert = CliRun.run(tmp, "strace2perfetto", "plain.strace", "-o", output);
      assertThat(convert.exitCode()).as("%s", convert).isEqualTo(ExitCode.USAGE);
      assertThat(convert.err()).contains("output " + output + " is the input file; choose another name");
    }
    assertThat(Files.readAllBytes(tmp.resolve("plain.strace"))).isEqualTo(before);
    assertThat(listing()).containsExactlyInAnyOrder("plain.strace", "link.pftrace");
  }

  @Test
  void limitsOutOfRangeAreUsageErrors() throws IOException {
    CliRun run = CliRun.run(tmp, "check", "--max-nesting", "0", PLAIN.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--max-nesting must be between 1 and 1000, not 0");

    run = CliRun.run(tmp, "strace2perfetto", "--max-line-length", "10", PLAIN.toString(), "-o", "x.pftrace");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--max-line-length must be at least 64, not 10");
    assertThat(listing()).isEmpty();
  }

  @Test
  void tooManyCallsWaitingForTheirResumedHalf() throws IOException {
    StringBuilder log = new StringBuilder();
    for (int pid = 100; pid < 110; pid++) {
      log.append(pid).append(" 1700000000.0001").append(pid - 90).append(" read(0,  <unfinished ...>\n");
    }
    for (int pid = 100; pid < 110; pid++) {
      log.append(pid).append(" 1700000000.0002").append(pid - 90).append(" <... read resumed>\"\", 1) = 0\n");
    }
    Files.writeString(tmp.resolve("waiting.strace"), log);

    CliRun run = CliRun.run(tmp, "check", "--max-unfinished-calls", "8", "waiting.strace");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.err()).contains("waiting.strace:9:1: more than 8 calls wait for their resumed half at once (the"
        + " maximum): the oldest, read of task 100 at line 1, is delivered unfinished")
        .contains("waiting.strace:10:1: ").contains("2 problems")
        .contains("2 calls never resumed, 2 resumed without start");
    assertThat(CliRun.run(tmp, "check", "waiting.strace").exitCode()).isZero();
  }

  // --------------------------------------------------------------------------------- helpers

  /** Runs strace2perfetto on {@code input}, checks its exit status and decodes the trace. */
  private DecodedTrace convert(String input, int exitCode) throws IOException {
    CliRun run = CliRun.run(tmp, "strace2perfetto", input, "-o", "out.pftrace");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(exitCode);
    assertThat(run.err()).contains("wrote out.pftrace");
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("out.pftrace")));
    assertThat(trace.nestingErrors).isEmpty();
    return trace;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> processes(CliRun tree) {
    return (List<Map<String, Object>>) Json.parseObject(tree.out()).get("processes");
  }

  private static int syscallLines(List<String> lines) {
    return (int) lines.stream().filter(l -> !l.contains("+++") && !l.contains("---")).count();
  }

  private static List<byte[]> lines(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    List<byte[]> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        out.add(Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
    return out;
  }

  private void write(String name, List<byte[]> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      out.writeBytes(line);
      out.write('\n');
    }
    Files.write(tmp.resolve(name), out.toByteArray());
  }

  private static byte[] splice(byte[] line, int at, byte[] insert) {
    byte[] out = new byte[line.length + insert.length];
    System.arraycopy(line, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(line, at, out, at + insert.length, line.length - at);
    return out;
  }

  private List<String> listing() throws IOException {
    try (var files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
