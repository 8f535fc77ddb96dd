package dev.systrument.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonGenerator;

/**
 * A fluent writer for the CLI's summary outputs ({@code stats --json}, {@code files --json}), on
 * the same Jackson generator and settings as every other JSON output ({@link JsonOutput}). What it
 * adds is the summaries' one convention: unknown numbers (negative sentinels, NaN) are written as
 * {@code null}, never as a number a script would add up.
 */
final class JsonOut {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
  private final JsonGenerator g = JsonOutput.generator(bytes);

  JsonOut beginObject() {
    g.writeStartObject();
    return this;
  }

  JsonOut beginObject(String name) {
    g.writeName(name);
    g.writeStartObject();
    return this;
  }

  JsonOut endObject() {
    g.writeEndObject();
    return this;
  }

  JsonOut beginArray(String name) {
    g.writeName(name);
    g.writeStartArray();
    return this;
  }

  JsonOut beginArray() {
    g.writeStartArray();
    return this;
  }

  JsonOut endArray() {
    g.writeEndArray();
    return this;
  }

  JsonOut field(String name, String value) {
    g.writeName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value);
    }
    return this;
  }

  JsonOut field(String name, long value) {
    g.writeName(name);
    g.writeNumber(value);
    return this;
  }

  /** A duration or time: {@code null} when negative (unknown). */
  JsonOut known(String name, long value) {
    g.writeName(name);
    if (value < 0) {
      g.writeNull();
    } else {
      g.writeNumber(value);
    }
    return this;
  }

  /** Three decimals are plenty for means and ratios; {@code null} for NaN (unknown). */
  JsonOut field(String name, double value) {
    g.writeName(name);
    if (Double.isNaN(value)) {
      g.writeNull();
    } else {
      g.writeNumber(Math.round(value * 1000) / 1000.0);
    }
    return this;
  }

  JsonOut field(String name, boolean value) {
    g.writeName(name);
    g.writeBoolean(value);
    return this;
  }

  /** An array element: a string. */
  JsonOut value(String value) {
    g.writeString(value);
    return this;
  }

  /** An array element: a number. */
  JsonOut value(long value) {
    g.writeNumber(value);
    return this;
  }

  /** The document written so far; call once, after the last {@code end...}. */
  @Override
  public String toString() {
    g.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
