package dev.systrument.parser;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * {@link LineSource}'s lines, read and framed ({@link LineFramer}) ahead on a thread of its own
 * and handed over in batches: framing is about half of what the reader does per line, so with
 * this the reader's work runs on two cores (the rest, joining calls, ordering, making events,
 * stays on the reading thread). Worth it where the consumer of the events leaves a core idle:
 * {@code tree}, {@code check}, {@code --no-syscalls}; the CLI turns it on there
 * ({@link ReaderOptions#framingThread()}).
 *
 * <p>Each batch owns a copy of its lines' bytes (framing results point into it), so the line
 * source can reuse its buffer; at most six batches, made as the input needs them, circulate
 * between the two threads, so memory stays bounded. The framer's answer is only a shortcut: a
 * line it declined (or one with a glued strace message, or too long) is framed by the reader as
 * before.
 */
final class FramedLineSource implements PhysicalLines {
  private static final int LINES_PER_BATCH = 2048;
  private static final int BYTES_PER_BATCH = 256 * 1024;
  /** Batches framed and waiting; two more are being filled and being read. */
  private static final int BATCHES_IN_FLIGHT = 4;

  /** A run of consecutive lines, their bytes and what the framer made of them. */
  private static final class Batch {
    byte[] data = new byte[BYTES_PER_BATCH];
    int size;
    int lines;
    final int[] starts = new int[LINES_PER_BATCH];
    final int[] ends = new int[LINES_PER_BATCH];
    final long[] numbers = new long[LINES_PER_BATCH];
    final boolean[] tooLong = new boolean[LINES_PER_BATCH];
    final boolean[] framed = new boolean[LINES_PER_BATCH];
    final FramedLine[] framing = new FramedLine[LINES_PER_BATCH];
    long bytesRead;
    boolean last;
    String damage;
    /** What reading failed with after the batch's lines (produce() catches only these kinds). */
    Throwable failure;


    void clear() {
      if (data.length > BYTES_PER_BATCH) {
        data = new byte[BYTES_PER_BATCH]; // grown for one long line: give the memory back
      }
      size = 0;
      lines = 0;
      bytesRead = 0;
      last = false;
      damage = null;
      failure = null;
    }
  }

  private final LineSource source;
  private final BlockingQueue<Batch> framed = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT + 2);
  /** Batches made so far: only as many as the input needs (one for a small log), at most six. */
  private int batches;
  private final Thread thread;
  private volatile boolean closed;

  private Batch current;
  private int index = -1;

  FramedLineSource(LineSource source) {
    this.source = source;
    thread = new Thread(this::produce, "systrument-framer");
    thread.setDaemon(true); // a read blocked on a pipe must not keep the JVM alive
    thread.start();
  }

  // ------------------------------------------------------------------ framing thread

  private void produce() {
    LineFramer framer = new LineFramer();
    Batch batch = null; // the one being filled
    try {
      while (!closed) {
        batch = free.poll();
        if (batch == null) {
          batch = batches < BATCHES_IN_FLIGHT + 2 ? newBatch() : free.take();
        }
        batch.clear();
        fill(batch, framer);
        framed.put(batch);
        if (batch.last) {
          return;
        }
        batch = null;
      }
    } catch (InterruptedException e) {
      // closed while waiting for a free batch or for room
    } catch (IOException | RuntimeException | Error e) {
      // the lines read before the failure are handed over first, as without this thread
      Batch failed = batch != null ? batch : new Batch();
      failed.failure = e;
      failed.last = true;
      try {
        framed.put(failed);
      } catch (InterruptedException interrupted) {
        // closed: nobody is waiting for it
      }
    }
  }

  private Batch newBatch() {
    batches++;
    return new Batch();
  }

  private void fill(Batch batch, LineFramer framer) throws IOException {
    if (lineLeftOver) {
      lineLeftOver = false;
      add(batch, framer);
    }
    while (batch.lines < LINES_PER_BATCH) {
      if (!source.next()) {
        batch.last = true;
        batch.damage = source.inputDamage();
        break;
      }
      if (batch.size + (source.end() - source.start()) > batch.data.length && batch.lines > 0) {
        lineLeftOver = true; // it opens the next batch; the source still holds it
        break;
      }
      add(batch, framer);
    }
    batch.bytesRead = source.bytesRead();
  }

  /** The source's current line did not fit in the last batch: it is the next batch's first. */
  private boolean lineLeftOver;

  /** Appends the source's current line to {@code batch} (which has room, or is empty) and frames it. */
  private void add(Batch batch, LineFramer framer) {
    int n = source.end() - source.start();
    if (batch.size + n > batch.data.length) {
      batch.data = new byte[n]; // a line longer than a batch: a batch of its own
    }
    int i = batch.lines;
    int s = batch.size;
    System.arraycopy(source.bytes(), source.start(), batch.data, s, n);
    batch.starts[i] = s;
    batch.ends[i] = s + n;
    batch.numbers[i] = source.lineNumber();
    batch.tooLong[i] = source.tooLong();
    if (batch.framing[i] == null) {
      batch.framing[i] = new FramedLine();
    }
    // the reader frames these itself: empty and cut lines are reported, glued messages split
    batch.framed[i] = n > 0 && !batch.tooLong[i] && GluedMessage.find(batch.data, s, s + n) < 0
        && framer.frame(batch.data, s, s + n, batch.framing[i]);
    // counted only now: a line whose framing failed half way is not handed over half framed
    batch.size += n;
    batch.lines = i + 1;
  }

  // ------------------------------------------------------------------ reading thread

  @Override
  public boolean next() throws IOException {
    while (current == null || index + 1 >= current.lines) {
      if (current != null) {
        if (current.failure != null) {
          index = current.lines;
          rethrowFailure(current.failure);
        }
        if (current.last) {
          index = current.lines;
          return false;
        }
        free.add(current);
      }
      try {
        current = framed.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for framed lines");
      }
      index = -1;
    }
    index++;
    return true;
  }

  /** {@code failure} is one of the three kinds {@link #produce} catches. */
  private static void rethrowFailure(Throwable failure) throws IOException {
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    throw (Error) failure;
  }

  @Override
  public byte[] bytes() {
    return current.data;
  }

  @Override
  public int start() {
    return current.starts[index];
  }

  @Override
  public int end() {
    return current.ends[index];
  }

  @Override
  public long lineNumber() {
    return current.numbers[index];
  }

  @Override
  public boolean tooLong() {
    return current.tooLong[index];
  }

  @Override
  public boolean framedAhead(byte[] b, int start, int end, FramedLine into) {
    Batch c = current;
    if (c == null || index < 0 || index >= c.lines || b != c.data || !c.framed[index]
        || start != c.starts[index] || end != c.ends[index]) {
      return false;
    }
    into.copyFrom(c.framing[index]);
    return true;
  }

  @Override
  public long bytesRead() {
    return current == null ? 0 : current.bytesRead;
  }

  @Override
  public String inputDamage() {
    return current == null ? null : current.damage;
  }

  @Override
  public int chunk() {
    return source.chunk();
  }

  /** Stops the framing thread (it may be ahead, or blocked reading a pipe) and closes the input. */
  @Override
  public void close() throws IOException {
    closed = true;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    source.close();
  }
}
