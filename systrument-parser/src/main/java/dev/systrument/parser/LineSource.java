package dev.systrument.parser;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Physical lines from a stream, read in chunks into one reusable buffer: after {@link #next()}
 * the line is {@code bytes()[start(), end())}, without its {@code \n} (or {@code \r\n}), valid
 * until the next call. Memory stays at the longest line seen, capped by the maximum line length.
 */
final class LineSource implements PhysicalLines {
  /** Default read size; -ff members, of which thousands may be open at once, use less. */
  static final int DEFAULT_CHUNK = 1 << 16;

  private final InputStream in;
  private final int maxLineLength;
  private final int chunk;
  private byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;

  private int start;
  private int end;
  private long lineNumber;
  private boolean tooLong;
  private final CountingInputStream rawInput;

  LineSource(InputStream in, int maxLineLength) {
    this(in, maxLineLength, DEFAULT_CHUNK);
  }

  LineSource(InputStream in, int maxLineLength, int chunk) {
    this(in, maxLineLength, chunk, null);
  }

  /** @param rawInput the input below gzip decoding, for {@link #bytesRead()}; null: count {@code in} */
  LineSource(InputStream in, int maxLineLength, int chunk, CountingInputStream rawInput) {
    this.rawInput = rawInput != null ? rawInput : new CountingInputStream(in);
    this.in = rawInput != null ? in : this.rawInput;
    this.maxLineLength = maxLineLength;
    this.chunk = chunk;
    this.buf = new byte[chunk * 2];
  }

  /** The read size this source was made with. */
  @Override
  public int chunk() {
    return chunk;
  }

  @Override
  public byte[] bytes() {
    return buf;
  }

  @Override
  public int start() {
    return start;
  }

  @Override
  public int end() {
    return end;
  }

  @Override
  public long lineNumber() {
    return lineNumber;
  }

  /** True when the line was longer than the maximum; only its first bytes are available. */
  @Override
  public boolean tooLong() {
    return tooLong;
  }

  @Override
  public boolean next() throws IOException {
    tooLong = false;
    int scan = pos;
    while (true) {
      int i = indexOfNewline(buf, scan, limit);
      if (i >= 0) {
        deliver(pos, i);
        pos = i + 1;
        return true;
      }
      scan = limit;
      if (limit - pos > maxLineLength) {
        return skipRestOfLongLine();
      }
      if (eof) {
        if (pos < limit) {
          deliver(pos, limit);
          pos = limit;
          return true;
        }
        return false;
      }
      int scanned = limit - pos;
      fill();
      scan = pos + scanned;
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * The first '\n' in {@code b[from, to)}, or -1. Looks at 8 bytes per step (the classic "has a
   * zero byte" bit trick on the bytes XOR '\n'): finding line ends is the one pass over every
   * input byte that framing cannot avoid.
   */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long found = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void deliver(int from, int to) {
    lineNumber++;
    start = from;
    end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
    if (end - start > maxLineLength) {
      tooLong = true;
      end = start + maxLineLength;
    }
  }

  /** Compacts the buffer (moving the partial line to the front), grows it if full, reads more. */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (buf.length - limit < chunk) {
      byte[] bigger = new byte[Math.max(buf.length * 2, limit + chunk)];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /** Why a gzip input ended early (truncated, corrupt), or null. */
  @Override
  public String inputDamage() {
    return in instanceof DamagedGzipInput gzip ? gzip.damage() : null;
  }

  /** Bytes taken from the input so far (before gzip decoding), for progress reports. */
  @Override
  public long bytesRead() {
    return rawInput.count();
  }

  /** Keeps the line's first maxLineLength bytes, discards the rest up to the next newline. */
  private boolean skipRestOfLongLine() throws IOException {
    int keepEnd = pos + maxLineLength;
    lineNumber++;
    tooLong = true;
    // move the kept head to the front and discard everything after it until '\n'
    System.arraycopy(buf, pos, buf, 0, maxLineLength);
    pos = 0;
    start = 0;
    end = maxLineLength;
    int scanFrom = keepEnd;
    while (true) {
      int i = indexOfNewline(buf, scanFrom, limit);
      if (i >= 0) {
        // keep what follows the newline after the head
        int rest = limit - (i + 1);
        System.arraycopy(buf, i + 1, buf, maxLineLength, rest);
        limit = maxLineLength + rest;
        pos = maxLineLength;
        return true;
      }
      if (eof) {
        limit = maxLineLength;
        pos = maxLineLength;
        return true;
      }
      limit = maxLineLength;
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
      scanFrom = maxLineLength;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
