package dev.systrument.parser;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip stream that ends where its data is damaged instead of failing: a .gz log cut short (the
 * copy was interrupted, the disk filled, strace's gzip pipe was killed) is read up to the cut and
 * the reader reports the damage as a problem, so everything before it is still converted. Deflate
 * cannot resume after damage, so what follows is lost either way.
 */
final class DamagedGzipInput extends FilterInputStream {
  private String damage;

  DamagedGzipInput(GZIPInputStream in) {
    super(in);
  }

  /** What was wrong with the compressed data, or null while it was fine. */
  String damage() {
    return damage;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (damage != null) {
      return -1;
    }
    try {
      return super.read(buffer, offset, length);
    } catch (EOFException e) {
      damage = "the gzip data ends before its end marker (the file is truncated): reading stops here";
    } catch (ZipException e) {
      damage = "the gzip data is corrupt (" + e.getMessage() + "): reading stops here";
    }
    return -1;
  }
}
