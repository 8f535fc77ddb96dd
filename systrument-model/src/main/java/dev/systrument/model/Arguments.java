package dev.systrument.model;

import dev.systrument.model.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments of a syscall (or the fields of a signal's siginfo), kept as the raw bytes strace
 * printed and decoded into {@link Value}s only when {@link #values()} is first called.
 *
 * <p>Why lazy: a build log has millions of syscalls and most consumers only need the name, result
 * and timing of each; decoding every argument would dominate the cost of reading. Decoding happens
 * at most once per instance; the result is cached (benign race: two threads may both decode, both
 * get equal lists).
 *
 * <p>Equality is by raw text.
 */
public final class Arguments {
  private static final byte[] NO_BYTES = new byte[0];
  private static final Arguments EMPTY = new Arguments(NO_BYTES, text -> List.of(), List.of());

  private final byte[] raw;
  private final ArgumentDecoder decoder;
  private volatile List<Value> values;
  private volatile String text;
  private volatile RenderedArguments rendered;

  private Arguments(byte[] raw, ArgumentDecoder decoder, List<Value> values) {
    this.raw = raw;
    this.decoder = decoder;
    this.values = values;
  }

  /** Arguments decoded on demand by {@code decoder}; {@code raw} is not copied and must not change. */
  public static Arguments lazy(byte[] raw, ArgumentDecoder decoder) {
    if (raw.length == 0) {
      return EMPTY;
    }
    return new Arguments(raw, decoder, null);
  }

  /** Already decoded arguments, with the text they were decoded from. */
  public static Arguments of(String text, List<Value> values) {
    return new Arguments(text.getBytes(StandardCharsets.UTF_8), null, List.copyOf(values));
  }

  public static Arguments empty() {
    return EMPTY;
  }

  /**
   * Arguments with another text ({@link Redaction} hiding secrets in a call it could not take
   * apart), decoded again from that text by the same decoder; already decoded arguments become
   * that text as one {@link Value.Expr}.
   */
  Arguments withText(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return decoder != null ? new Arguments(bytes, decoder, null) : new Arguments(bytes, null, List.of(new Value.Expr(text)));
  }

  /** The decoded values, one per top-level argument. */
  public List<Value> values() {
    List<Value> result = values;
    if (result == null) {
      result = List.copyOf(decoder.decode(raw));
      values = result;
    }
    return result;
  }

  /**
   * Hands the top-level arguments to {@code sink} as text, without decoding them into values,
   * when the decoder can (most syscalls of a real log); false when it cannot or the values are
   * decoded already, and then {@code sink} was not called: use {@link #values()}. For exporters
   * that only show each argument's text: the value tree costs more than the rest of the event.
   */
  public boolean renderTo(ArgumentTextSink sink) {
    RenderedArguments ahead = rendered;
    if (ahead != null) {
      ahead.replay(sink);
      return true;
    }
    return values == null && decoder != null && decoder.render(raw, sink);
  }

  /**
   * Renders the arguments now and keeps the texts for a later {@link #renderTo}: for a thread
   * that reads ahead of the exporter and has time to spare (the CLI's reading thread while the
   * Perfetto writer is behind), so the exporter's thread only copies them.
   */
  public void renderAhead() {
    if (rendered != null || values != null || decoder == null) {
      return;
    }
    RenderedArguments texts = new RenderedArguments(raw.length);
    if (decoder.render(raw, texts)) {
      rendered = texts;
    }
  }

  /** Whether {@link #values()} has been computed already (for tests of laziness). */
  public boolean isDecoded() {
    return values != null;
  }

  /**
   * The text as strace printed it (bytes read as UTF-8; strace escapes non-printable bytes).
   * Cached like {@link #values()}: an exporter asks for it more than once per event (a log body
   * and an arguments attribute).
   */
  public String text() {
    String result = text;
    if (result == null) {
      result = new String(raw, StandardCharsets.UTF_8);
      text = result;
    }
    return result;
  }

  /** The raw bytes; a copy. */
  public byte[] rawBytes() {
    return raw.clone();
  }

  public int rawLength() {
    return raw.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Arguments other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return text();
  }
}
