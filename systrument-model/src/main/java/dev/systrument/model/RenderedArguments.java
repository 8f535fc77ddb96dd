package dev.systrument.model;

import java.util.Arrays;

/**
 * Arguments rendered once and kept ({@link Arguments#renderAhead}): the texts back to back in one
 * array, with each argument's start, name and annotation, replayed to a sink later, on another
 * thread. Also the sink that collects them.
 *
 * <p>Half the syscalls of a build log pass through here, so it allocates little: the bytes, one
 * int array of three positions per argument, and names only when an argument has one.
 */
final class RenderedArguments implements ArgumentTextSink {
  private byte[] text;
  private int size;
  /** Per argument: text start, annotation start (-1: none), annotation end. */
  private int[] positions = new int[3 * 6];
  /** Null until an argument has a name ({@code flags=CLONE_VM}); most calls have none. */
  private String[] names;
  private int count;

  RenderedArguments(int expectedBytes) {
    text = new byte[expectedBytes];
  }

  @Override
  public void argument(int index, String name, byte[] bytes, int start, int end, int annotationStart, int annotationEnd) {
    int from = size;
    append(bytes, start, end);
    int annotationFrom = -1;
    if (annotationStart >= 0) {
      annotationFrom = size;
      append(bytes, annotationStart, annotationEnd);
    }
    if (3 * count + 3 > positions.length) {
      positions = Arrays.copyOf(positions, 2 * positions.length);
    }
    positions[3 * count] = from;
    positions[3 * count + 1] = annotationFrom;
    positions[3 * count + 2] = annotationFrom >= 0 ? size : -1;
    if (name != null) {
      if (names == null) {
        names = new String[Math.max(6, count + 1)];
      } else if (count >= names.length) {
        names = Arrays.copyOf(names, 2 * (count + 1));
      }
      names[count] = name;
    }
    count++;
  }

  private void append(byte[] bytes, int start, int end) {
    int n = end - start;
    if (size + n > text.length) {
      text = Arrays.copyOf(text, Math.max(text.length * 2, size + n));
    }
    System.arraycopy(bytes, start, text, size, n);
    size += n;
  }

  void replay(ArgumentTextSink sink) {
    for (int i = 0; i < count; i++) {
      int start = positions[3 * i];
      int annotationStart = positions[3 * i + 1];
      int end = annotationStart >= 0 ? annotationStart : i + 1 < count ? positions[3 * (i + 1)] : size;
      String name = names != null && i < names.length ? names[i] : null;
      sink.argument(i, name, text, start, end, annotationStart, positions[3 * i + 2]);
    }
  }
}
