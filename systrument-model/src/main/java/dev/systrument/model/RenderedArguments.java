package dev.systrument.model;

import java.util.Arrays;

/**
 * Arguments rendered once and kept ({@link Arguments#renderAhead}): the texts back to back in one
 * array, with each argument's start, name and annotation, replayed to a sink later, on another
 * thread. Also the sink that collects them.
 */
final class RenderedArguments implements ArgumentTextSink {
  private byte[] text;
  private int size;
  private int[] starts = new int[6];
  private String[] names = new String[6];
  private int[] annotationStarts = new int[6];
  private int[] annotationEnds = new int[6];
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
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      names = Arrays.copyOf(names, count * 2);
      annotationStarts = Arrays.copyOf(annotationStarts, count * 2);
      annotationEnds = Arrays.copyOf(annotationEnds, count * 2);
    }
    starts[count] = from;
    names[count] = name;
    annotationStarts[count] = annotationFrom;
    annotationEnds[count] = annotationFrom >= 0 ? size : -1;
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
      int end = annotationStarts[i] >= 0 ? annotationStarts[i] : i + 1 < count ? starts[i + 1] : size;
      sink.argument(i, names[i], text, starts[i], end, annotationStarts[i], annotationEnds[i]);
    }
  }
}
