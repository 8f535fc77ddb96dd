package dev.systrument.model;

import java.util.Arrays;

/**
 * Arguments rendered once and kept ({@link Arguments#renderAhead}): the texts back to back in one
 * array, with each argument's end, name and annotation, replayed to a sink later, on another
 * thread. Also the sink that collects them.
 */
final class RenderedArguments implements ArgumentTextSink {
  private byte[] text;
  private int size;
  private int[] ends = new int[6];
  private String[] names = new String[6];
  private String[] annotations = new String[6];
  private int count;

  RenderedArguments(int expectedBytes) {
    text = new byte[expectedBytes];
  }

  @Override
  public void argument(int index, String name, byte[] bytes, int start, int end, String annotation) {
    int n = end - start;
    if (size + n > text.length) {
      text = Arrays.copyOf(text, Math.max(text.length * 2, size + n));
    }
    System.arraycopy(bytes, start, text, size, n);
    size += n;
    if (count == ends.length) {
      ends = Arrays.copyOf(ends, count * 2);
      names = Arrays.copyOf(names, count * 2);
      annotations = Arrays.copyOf(annotations, count * 2);
    }
    ends[count] = size;
    names[count] = name;
    annotations[count] = annotation;
    count++;
  }

  void replay(ArgumentTextSink sink) {
    int start = 0;
    for (int i = 0; i < count; i++) {
      sink.argument(i, names[i], text, start, ends[i], annotations[i]);
      start = ends[i];
    }
  }
}
