package dev.systrument.parser;

import dev.systrument.model.TraceEvent;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Reads strace output as a stream of {@link TraceEvent}s, one per logical record, in timestamp
 * order (within {@link ReaderOptions#reorderWindow()}). A pull API in the spirit of Jackson's
 * {@code JsonParser}: call {@link #next()} until it returns null.
 *
 * <pre>{@code
 * try (StraceReader reader = StraceReader.open(Path.of("build.strace"))) {
 *   for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
 *     ...
 *   }
 *   System.out.println(reader.summary());
 * }
 * }</pre>
 *
 * <p>Accepts every common strace output format (-f/-ff, -t/-tt/-ttt/-r/--timestamps=unix,ns, -T,
 * -y/-yy/-Y, -k, status=!unfinished, stderr captures), gzip-compressed or not. Memory stays
 * constant in the input size: the input is read in chunks and only the reorder window is kept.
 *
 * <p>Bad input never throws: each bad line becomes a {@link Problem} (given to
 * {@link ReaderOptions#problemSink()} and counted in the {@link #summary()}) and reading goes on.
 * {@link IOException} means the input itself could not be read.
 *
 * <p>Not thread-safe; events may be handed to other threads.
 */
public final class StraceReader implements Closeable, Iterable<TraceEvent> {
  /** `trace.1234` as written by `strace -ff -o trace`. */
  private static final int MEMBER_WINDOW = 256;
  private static final int MEMBER_CHUNK = 1 << 13;
  private static final Pattern FF_MEMBER = Pattern.compile("(.*)\\.(\\d{1,9})(\\.gz)?");

  private final List<SourceReader> sources;
  private final PriorityQueue<Head> heads =
      new PriorityQueue<>(Comparator.<Head>comparingLong(h -> h.event.timestampNs()).thenComparingInt(h -> h.index));
  private boolean started;

  private static final class Head {
    final SourceReader source;
    final int index;
    TraceEvent event;

    Head(SourceReader source, int index) {
      this.source = source;
      this.index = index;
    }
  }

  private StraceReader(List<SourceReader> sources) {
    this.sources = sources;
  }

  /** Opens a log file ({@code .gz} or not), a -ff directory, or a -ff prefix; default options. */
  public static StraceReader open(Path path) throws IOException {
    return open(path, ReaderOptions.defaults());
  }

  /**
   * Opens {@code path}: a log file (gzip detected by its magic bytes), a directory holding -ff
   * members ({@code trace.1234}, ...), or the -ff prefix itself ({@code trace} when
   * {@code trace.1234} exist). Members are read together and merged by timestamp; their pid is
   * the file name's suffix.
   */
  public static StraceReader open(Path path, ReaderOptions options) throws IOException {
    if (Files.isDirectory(path)) {
      List<Path> members = new ArrayList<>();
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
        for (Path p : dir) {
          if (Files.isRegularFile(p) && FF_MEMBER.matcher(p.getFileName().toString()).matches()) {
            members.add(p);
          }
        }
      }
      if (members.isEmpty()) {
        throw new NoSuchFileException(path.toString(), null, "no strace -ff members (NAME.PID) in this directory");
      }
      return openMembers(members, options);
    }
    if (Files.exists(path)) {
      // one -ff member on its own (`trace.19599`): its name tells the pid of its unprefixed lines
      Matcher member = FF_MEMBER.matcher(path.getFileName().toString());
      int suffixPid = member.matches() ? Integer.parseInt(member.group(2)) : -1;
      return new StraceReader(List.of(openFile(path, path.toString(), -1, suffixPid, options, LineSource.DEFAULT_CHUNK)));
    }
    Path parent = path.toAbsolutePath().getParent();
    String prefix = path.getFileName().toString();
    List<Path> members = new ArrayList<>();
    if (parent != null && Files.isDirectory(parent)) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(parent, prefix + ".*")) {
        for (Path p : dir) {
          Matcher m = FF_MEMBER.matcher(p.getFileName().toString());
          if (Files.isRegularFile(p) && m.matches() && m.group(1).equals(prefix)) {
            members.add(p);
          }
        }
      }
    }
    if (members.isEmpty()) {
      throw new NoSuchFileException(path.toString());
    }
    return openMembers(members, options);
  }

  /** Reads a stream (stdin, a socket, a pipe from strace); gzip is detected by its magic bytes. */
  public static StraceReader open(InputStream in, String sourceName, ReaderOptions options) throws IOException {
    CountingInputStream raw = new CountingInputStream(in);
    return new StraceReader(List.of(new SourceReader(
        lines(new LineSource(decompressed(raw, LineSource.DEFAULT_CHUNK), options.maxLineLength(), LineSource.DEFAULT_CHUNK, raw),
            options),
        sourceName, options, -1, -1, null, -1)));
  }

  private static StraceReader openMembers(List<Path> members, ReaderOptions options) throws IOException {
    members.sort(Comparator.comparing(Path::toString));
    List<SourceReader> readers = new ArrayList<>();
    // Every member stays open while the merge runs, so each keeps little: one task's calls never
    // overlap, so a member needs only a short window, and a small read buffer.
    ReaderOptions memberOptions = options.withReorderWindow(Math.min(options.reorderWindow(), MEMBER_WINDOW))
        .withFramingThread(false); // thousands of members: not a thread each
    try {
      for (Path p : members) {
        Matcher m = FF_MEMBER.matcher(p.getFileName().toString());
        m.matches();
        int pid = Integer.parseInt(m.group(2));
        readers.add(openFile(p, p.toString(), pid, pid, memberOptions, MEMBER_CHUNK));
      }
    } catch (IOException | RuntimeException e) {
      for (SourceReader r : readers) {
        r.close();
      }
      throw e;
    }
    return new StraceReader(readers);
  }

  private static SourceReader openFile(Path path, String name, int pid, int suffixPid, ReaderOptions options, int chunk)
      throws IOException {
    ZonedDateTime modified = Instant.ofEpochMilli(Files.getLastModifiedTime(path).toMillis()).atZone(options.zone());
    LocalDate date = modified.toLocalDate();
    long timeOfDay = modified.toLocalTime().toNanoOfDay();
    // FileInputStream, not Files.newInputStream: that one's available() seeks, which fails on a
    // FIFO ("Illegal seek"), and BufferedInputStream asks available() after a short read.
    CountingInputStream in = new CountingInputStream(new FileInputStream(path.toFile()));
    try {
      return new SourceReader(lines(new LineSource(decompressed(in, chunk), options.maxLineLength(), chunk, in), options),
          name, options, pid, suffixPid, date, timeOfDay);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The lines as read, or read and framed ahead on a thread of their own. */
  private static PhysicalLines lines(LineSource source, ReaderOptions options) {
    return options.framingThread() ? new FramedLineSource(source) : source;
  }

  private static InputStream decompressed(InputStream in, int chunk) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, chunk);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new DamagedGzipInput(new GZIPInputStream(buffered, chunk));
    }
    return buffered;
  }

  /** The next event, or null at the end of the input. */
  public TraceEvent next() throws IOException {
    if (sources.size() == 1) {
      return sources.get(0).next();
    }
    if (!started) {
      started = true;
      for (int i = 0; i < sources.size(); i++) {
        Head h = new Head(sources.get(i), i);
        h.event = h.source.next();
        if (h.event != null) {
          heads.add(h);
        }
      }
    }
    Head h = heads.poll();
    if (h == null) {
      return null;
    }
    TraceEvent e = h.event;
    h.event = h.source.next();
    if (h.event != null) {
      heads.add(h);
    }
    return e;
  }

  /**
   * Bytes of input read so far as stored (compressed, for a .gz), summed over -ff members: for
   * progress reports against the size on disk.
   * Reading runs ahead of delivery by up to one buffer and the reorder window.
   */
  public long bytesRead() {
    long total = 0;
    for (SourceReader s : sources) {
      total += s.bytesRead();
    }
    return total;
  }

  /** Counts so far (complete once {@link #next()} returned null). */
  public ReadSummary summary() {
    ReadSummary total = ReadSummary.EMPTY;
    for (SourceReader s : sources) {
      total = total.plus(s.summary());
    }
    return total;
  }

  /** The remaining events; an I/O failure surfaces as {@link UncheckedIOException}. */
  @Override
  public Iterator<TraceEvent> iterator() {
    return new Iterator<>() {
      private TraceEvent nextEvent;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (nextEvent == null && !done) {
          try {
            nextEvent = StraceReader.this.next();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          done = nextEvent == null;
        }
        return nextEvent != null;
      }

      @Override
      public TraceEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        TraceEvent e = nextEvent;
        nextEvent = null;
        return e;
      }
    };
  }

  /** The remaining events as a sequential stream (closing the stream does not close the reader). */
  public Stream<TraceEvent> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (SourceReader s : sources) {
      try {
        s.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
