package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systrument.model.EventText;
import dev.systrument.model.Redaction;
import dev.systrument.model.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading with a framing thread ({@link ReaderOptions#withFramingThread}) gives exactly what
 * reading without one gives: the same events, problems (with their lines and columns) and
 * summary, on every corpus log, on damaged logs, and on inputs shaped to cross its batches (long
 * lines, many lines, lines cut to the maximum length, glued messages, gzip).
 */
class FramedLineSourceTest {
  @TempDir Path dir;

  @Test
  void everyCorpusRecordingReadsTheSame() throws IOException {
    for (Path recording : Corpus.recordings()) {
      ReaderOptions options = ReaderOptions.defaults().withValidateArguments(true);
      assertThat(read(recording, options.withFramingThread(true))).as("%s", recording)
          .isEqualTo(read(recording, options));
    }
  }

  @Test
  void damagedLogsReadTheSame() throws IOException {
    Random random = new Random(11);
    for (Path file : Corpus.logFiles()) {
      byte[] damaged = MutatedInputTest.damage(Files.readAllBytes(file), random);
      Path copy = Files.write(dir.resolve("damaged.strace"), damaged);
      assertThat(read(copy, ReaderOptions.defaults().withFramingThread(true))).as("%s damaged", file)
          .isEqualTo(read(copy, ReaderOptions.defaults()));
    }
  }

  @Test
  void linesAcrossBatchesOfEveryShape() throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    long ts = 1_795_658_719_000_000L;
    Random random = new Random(3);
    for (int i = 0; i < 9000; i++) { // batches hold 2048 lines and 256 KB
      ts += 17;
      String line = switch (random.nextInt(12)) {
        // longer than a whole batch: a batch of its own
        case 0 -> "201 " + StraceReaderTest.time(ts) + " write(1, \"" + "x".repeat(300_000 + random.nextInt(1000)) + "\", 300000) = 300000 <0.000012>";
        // cut to the maximum line length below: reported, not framed
        case 1 -> "202 " + StraceReaderTest.time(ts) + " read(3, \"" + "y".repeat(70_000) + "\", 70000) = 70000 <0.000010>";
        // a strace message glued to a call
        case 2 -> "203 " + StraceReaderTest.time(ts) + " close(3strace: Process 9" + i + " attached";
        case 3 -> "";
        case 4 -> "204 " + StraceReaderTest.time(ts) + " openat(AT_FDCWD, \"/etc/x" + i + "\", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000009>\r";
        case 5 -> "205 " + StraceReaderTest.time(ts) + " wait4(-1,  <unfinished ...>";
        case 6 -> "205 " + StraceReaderTest.time(ts) + " <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 206 <0.000100>";
        case 7 -> "not strace at all " + i;
        default -> "207 " + StraceReaderTest.time(ts) + " read(3</etc/ld.so.cache>, \"\\177ELF\\2\\1\", 832) = 832 <0.000005>";
      };
      log.write(line.getBytes(StandardCharsets.UTF_8));
      log.write('\n');
    }
    log.write("208 1795658730.000000 exit_group(0) = ?".getBytes(StandardCharsets.UTF_8)); // no final newline
    Path plain = Files.write(dir.resolve("shapes.strace"), log.toByteArray());
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(log.toByteArray());
    }
    Path gzipped = Files.write(dir.resolve("shapes.strace.gz"), zipped.toByteArray());

    ReaderOptions options = ReaderOptions.defaults().withMaxLineLength(65_536);
    Read expected = read(plain, options);
    assertThat(expected.problems()).hasSizeGreaterThan(100); // the cut lines, the garbage
    assertThat(read(plain, options.withFramingThread(true))).isEqualTo(expected);
    assertThat(read(gzipped, options.withFramingThread(true))).isEqualTo(read(gzipped, options));
    try (InputStream in = new ByteArrayInputStream(log.toByteArray());
        StraceReader reader = StraceReader.open(in, plain.toString(), options.withFramingThread(true))) {
      assertThat(drain(reader, new ArrayList<>()).events()).isEqualTo(expected.events());
    }
  }

  @Test
  void aFailingInputFailsTheReaderAsWithoutTheThreadAfterTheSameEvents() throws IOException {
    // several read chunks of log before the failure, and no window: events come out as they are read
    ByteArrayOutputStream repeated = new ByteArrayOutputStream();
    while (repeated.size() < 1 << 20) {
      repeated.writeBytes(Files.readAllBytes(Corpus.logFiles().get(0)));
    }
    byte[] log = repeated.toByteArray();
    List<List<String>> before = new ArrayList<>();
    for (boolean framing : new boolean[] {false, true}) {
      InputStream failing = new InputStream() {
        int at;

        @Override
        public int read() throws IOException {
          if (at >= log.length / 2) {
            throw new IOException("disk on fire");
          }
          return log[at++] & 0xff;
        }
      };
      List<String> events = new ArrayList<>();
      ReaderOptions options = ReaderOptions.defaults().withReorderWindow(0).withFramingThread(framing);
      try (StraceReader reader = StraceReader.open(failing, "x", options)) {
        assertThatThrownBy(() -> {
          for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
            events.add(e + " " + EventText.render(e, Redaction.OFF));
          }
        }).as("framing %s", framing).isInstanceOf(IOException.class).hasMessage("disk on fire");
      }
      before.add(events);
    }
    assertThat(before.get(0)).as("events before the failure").isNotEmpty();
    assertThat(before.get(1)).isEqualTo(before.get(0));
  }

  @Test
  void closingStopsTheFramingThread() throws IOException, InterruptedException {
    Path big = dir.resolve("big.strace");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      sb.append("300 1795658719.").append(String.format("%06d", i % 1_000_000)).append(" getpid() = 300 <0.000001>\n");
    }
    Files.writeString(big, sb);
    try (StraceReader reader = StraceReader.open(big, ReaderOptions.defaults().withFramingThread(true))) {
      assertThat(reader.next()).isNotNull();
      assertThat(framerThreads()).isNotEmpty();
    }
    for (int i = 0; i < 100 && !framerThreads().isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertThat(framerThreads()).as("framing threads left running").isEmpty();
  }

  @Test
  void aFramedLineCopiesEveryField() throws IllegalAccessException {
    FramedLine original = new FramedLine();
    original.reset(new byte[] {1}, 1, 2);
    int n = 3;
    List<Field> fields = new ArrayList<>();
    for (Field f : FramedLine.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      fields.add(f);
      f.setAccessible(true);
      Class<?> t = f.getType();
      if (t == int.class) {
        f.setInt(original, n++);
      } else if (t == long.class) {
        f.setLong(original, n++);
      } else if (t == boolean.class) {
        f.setBoolean(original, true);
      } else if (t.isEnum()) {
        Object[] constants = t.getEnumConstants();
        f.set(original, constants[constants.length - 1]);
      }
    }
    FramedLine copy = new FramedLine();
    copy.copyFrom(original);
    for (Field f : fields) {
      assertThat(f.get(copy)).as(f.getName()).isEqualTo(f.get(original));
    }
  }

  // ----------------------------------------------------------------------------------------

  /** Everything a read gives, comparable. */
  record Read(List<String> events, List<String> problems, ReadSummary summary) {}

  private static Read read(Path path, ReaderOptions options) throws IOException {
    List<String> problems = new ArrayList<>();
    try (StraceReader reader = StraceReader.open(path, options.withProblemSink(p -> problems.add(p.format())))) {
      return drain(reader, problems);
    }
  }

  private static Read drain(StraceReader reader, List<String> problems) throws IOException {
    List<String> events = new ArrayList<>();
    for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
      // every component (a record's text), and the line as strace wrote it
      events.add(e + " " + EventText.render(e, Redaction.OFF));
    }
    return new Read(events, problems, reader.summary());
  }

  private static List<Thread> framerThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("systrument-framer")).toList();
  }
}
