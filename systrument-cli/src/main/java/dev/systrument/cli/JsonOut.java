package dev.systrument.cli;

/**
 * A small JSON writer for the CLI's summary outputs ({@code stats --json}, {@code files --json}):
 * commas and nesting kept by a depth stack, strings through {@link JsonText}. Unknown numbers
 * (negative sentinels, NaN) are written as {@code null}.
 */
final class JsonOut {
  private final StringBuilder sb = new StringBuilder(4096);
  /** Per nesting level: whether something was written at it (the next item needs a comma). */
  private boolean[] written = new boolean[16];
  private int depth;

  JsonOut beginObject() {
    separate();
    sb.append('{');
    push();
    return this;
  }

  JsonOut beginObject(String name) {
    return name(name).beginObjectValue();
  }

  JsonOut endObject() {
    depth--;
    sb.append('}');
    return this;
  }

  JsonOut beginArray(String name) {
    name(name);
    sb.append('[');
    push();
    return this;
  }

  JsonOut beginArray() {
    separate();
    sb.append('[');
    push();
    return this;
  }

  JsonOut endArray() {
    depth--;
    sb.append(']');
    return this;
  }

  JsonOut field(String name, String value) {
    name(name);
    if (value == null) {
      sb.append("null");
    } else {
      JsonText.appendString(sb, value);
    }
    return this;
  }

  JsonOut field(String name, long value) {
    name(name);
    sb.append(value);
    return this;
  }

  /** A duration or time: {@code null} when negative (unknown). */
  JsonOut known(String name, long value) {
    name(name);
    sb.append(value < 0 || value == Long.MIN_VALUE ? "null" : Long.toString(value));
    return this;
  }

  JsonOut field(String name, double value) {
    name(name);
    sb.append(Double.isNaN(value) ? "null" : Double.toString(Math.round(value * 1000) / 1000.0));
    return this;
  }

  JsonOut field(String name, boolean value) {
    name(name);
    sb.append(value);
    return this;
  }

  /** An array element: a string. */
  JsonOut value(String value) {
    separate();
    JsonText.appendString(sb, value);
    return this;
  }

  /** An array element: a number. */
  JsonOut value(long value) {
    separate();
    sb.append(value);
    return this;
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  private JsonOut name(String name) {
    separate();
    JsonText.appendString(sb, name).append(':');
    return this;
  }

  private JsonOut beginObjectValue() {
    sb.append('{');
    push();
    return this;
  }

  /** A comma before every item but the first of its level; marks the level as written. */
  private void separate() {
    if (depth > 0) {
      if (written[depth]) {
        sb.append(',');
      }
      written[depth] = true;
    }
  }

  private void push() {
    depth++;
    if (depth == written.length) {
      written = java.util.Arrays.copyOf(written, depth * 2);
    }
    written[depth] = false;
  }
}
