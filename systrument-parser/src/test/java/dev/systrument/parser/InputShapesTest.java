package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.EventText;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same log through different doors: a trickling stream, gzip, a -ff prefix or directory. */
class InputShapesTest {

  @TempDir Path tmp;

  static Stream<Path> someRecordings() {
    return Corpus.recordings().stream()
        .filter(p -> !Files.isDirectory(p))
        .filter(p -> p.getFileName().toString().matches(".*(w01-pipeline\\.[ACGHI]|w02-nested-exit\\.D|w05b).*"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("someRecordings")
  void aStreamDeliveringAFewBytesAtATimeGivesTheSameEvents(Path file) throws IOException {
    Logs whole = Logs.read(Files.newInputStream(file), ReaderOptions.defaults());
    Logs trickled = Logs.read(new Trickle(Files.newInputStream(file), 7), ReaderOptions.defaults());
    assertThat(trickled.problems()).isEmpty();
    assertThat(render(trickled.events())).isEqualTo(render(whole.events()));
    assertThat(trickled.events()).isEqualTo(whole.events());
    assertThat(trickled.summary()).isEqualTo(whole.summary());
  }

  @Test
  void overlongLineSpanningManyReads() throws IOException {
    String log = "5 getpid() = 5\n5 write(1, \"" + "x".repeat(300_000) + "\", 9) = 9\n5 getpid() = 5\n";
    Logs logs = Logs.read(new Trickle(new ByteArrayInputStream(log.getBytes()), 4096),
        ReaderOptions.defaults().withMaxLineLength(1000));
    assertThat(logs.events()).hasSize(2);
    assertThat(logs.events().get(1).location().line()).isEqualTo(3);
    assertThat(logs.problems()).singleElement().extracting(Problem::line).isEqualTo(2L);
  }

  @Test
  void gzipIsDetectedByItsMagicBytes() throws IOException {
    Path plain = Corpus.directory().resolve("w01-pipeline.C-full.strace");
    Path gz = tmp.resolve("trace.log"); // no .gz suffix on purpose
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(plain, out);
    }
    Logs a = Logs.read(plain, ReaderOptions.defaults());
    Logs b = Logs.read(gz, ReaderOptions.defaults());
    assertThat(b.problems()).isEmpty();
    assertThat(b.events()).hasSize(a.events().size());
    assertThat(render(b.events())).isEqualTo(render(a.events()));
  }

  @Test
  void ffDirectoryAndPrefixAreMergedInTimestampOrderWithPidsFromTheSuffix() throws IOException {
    Path dir = Corpus.directory().resolve("w01-pipeline.F-ff");
    Logs fromDir = Logs.read(dir, ReaderOptions.defaults());
    Path copy = Files.createDirectories(tmp.resolve("ff"));
    try (Stream<Path> members = Files.list(dir)) {
      for (Path m : (Iterable<Path>) members::iterator) {
        Files.copy(m, copy.resolve(m.getFileName()));
      }
    }
    Files.writeString(copy.resolve("unrelated.txt"), "not a member\n");
    Logs fromPrefix = Logs.read(copy.resolve("trace"), ReaderOptions.defaults());
    assertThat(fromDir.problems()).isEmpty();
    assertThat(fromPrefix.problems()).isEmpty();
    assertThat(fromDir.events()).extracting(TraceEvent::timestampNs).isSorted();
    assertThat(render(fromPrefix.events())).isEqualTo(render(fromDir.events()));
    assertThat(fromDir.events()).extracting(TraceEvent::pid).containsOnly(19583, 19584, 19585, 19586, 19587);
    SyscallEvent first = fromDir.only(SyscallEvent.class).get(0);
    assertThat(first.pid()).isEqualTo(19583);
    assertThat(first.name()).isEqualTo("execve");
  }

  @Test
  void timeOfDayLogsTakeTheirDateFromTheFileModificationTime() throws IOException {
    ZoneId utc = ZoneOffset.UTC;
    Path sameDay = tmp.resolve("tod.strace");
    Files.writeString(sameDay, "7 10:00:00.000001 getpid() = 7\n");
    Files.setLastModifiedTime(sameDay, FileTime.from(Instant.parse("2026-11-26T10:05:00Z")));
    assertThat(Logs.read(sameDay, ReaderOptions.defaults().withZone(utc)).events().get(0).timestampNs())
        .isEqualTo(Instant.parse("2026-11-26T10:00:00.000001Z").toEpochMilli() * 1_000_000L + 1_000L);
    // modified just after midnight, first line just before: the recording started the day before
    Path overnight = tmp.resolve("overnight.strace");
    Files.writeString(overnight, "7 23:59:59 getpid() = 7\n7 00:00:01 getpid() = 7\n");
    Files.setLastModifiedTime(overnight, FileTime.from(Instant.parse("2026-11-26T00:00:02Z")));
    assertThat(Logs.read(overnight, ReaderOptions.defaults().withZone(utc)).events())
        .extracting(e -> Instant.ofEpochSecond(0, e.timestampNs()))
        .containsExactly(Instant.parse("2026-11-25T23:59:59Z"), Instant.parse("2026-11-26T00:00:01Z"));
  }

  /**
   * A FIFO given by path (a log still being written, {@code strace -o fifo}): Files.newInputStream
   * failed on it with "Illegal seek" once a read came back short, since its available() seeks.
   */
  @Test
  void aFifoGivenByPathIsReadToItsEnd() throws Exception {
    Path recording = Corpus.recordings().stream()
        .filter(p -> p.getFileName().toString().equals("w02-nested-exit.E-plain.strace")).findFirst().orElseThrow();
    Path fifo = tmp.resolve("live.strace");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        byte[] log = Files.readAllBytes(recording);
        for (int i = 0; i < log.length; i += 1000) { // in pieces, so reads come back short
          out.write(log, i, Math.min(1000, log.length - i));
          out.flush();
          Thread.sleep(1);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();

    Logs fromFifo = Logs.read(fifo, ReaderOptions.defaults());

    writer.join(30_000);
    assertThat(fromFifo.problems()).isEmpty();
    assertThat(render(fromFifo.events())).isEqualTo(render(Logs.read(recording, ReaderOptions.defaults()).events()));
  }

  private static List<String> render(List<TraceEvent> events) {
    return events.stream().map(e -> e.location().line() + " " + e.timestampNs() + " " + EventText.render(e)).toList();
  }

  /** Hands out at most {@code step} bytes per read, like a slow pipe. */
  static final class Trickle extends FilterInputStream {
    private final int step;

    Trickle(InputStream in, int step) {
      super(in);
      this.step = step;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, step));
    }
  }
}
