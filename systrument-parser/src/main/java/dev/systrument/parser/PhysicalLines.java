package dev.systrument.parser;

import java.io.Closeable;
import java.io.IOException;

/**
 * The physical lines of one input, one at a time: after {@link #next()} the line is {@code
 * bytes()[start(), end())}, without its line terminator, valid until the next call. Read in place
 * ({@link LineSource}) or read and framed ahead on a thread of their own ({@link FramedLineSource}).
 */
interface PhysicalLines extends Closeable {
  boolean next() throws IOException;

  byte[] bytes();

  int start();

  int end();

  long lineNumber();

  /** True when the line was longer than the maximum; only its first bytes are available. */
  boolean tooLong();

  /** Bytes taken from the input so far (before gzip decoding), for progress reports. */
  long bytesRead();

  /** Why a gzip input ended early (truncated, corrupt), or null. */
  String inputDamage();

  /** The read size, which sizes the reader's caches. */
  int chunk();

  /**
   * Puts the framing of {@code b[start, end)} into {@code into} when it was framed ahead (it must
   * be the current line, whole); false when it was not, or the framer declined it.
   */
  default boolean framedAhead(byte[] b, int start, int end, FramedLine into) {
    return false;
  }
}
