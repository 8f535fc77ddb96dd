package dev.systrument.model;

import dev.systrument.model.value.Value;
import java.util.List;

/**
 * Decodes the text strace printed between a syscall's parentheses (or a signal's braces) into
 * values. Implemented by the parser; the model only calls it, lazily, the first time {@link
 * Arguments#values()} is asked for.
 *
 * <p>Never throws for malformed text: it returns a single {@link Value.Unparsed} holding the text
 * and the reason.
 */
@FunctionalInterface
public interface ArgumentDecoder {
  List<Value> decode(byte[] text);

  /**
   * Hands {@code text}'s top-level arguments to {@code sink} as text, exactly as {@link
   * Value#toText()} of {@link #decode}'s values would read, without building the values; or
   * returns false, having called {@code sink} not at all, when this decoder cannot (then use
   * {@link #decode}). The default cannot.
   */
  default boolean render(byte[] text, ArgumentTextSink sink) {
    return false;
  }
}
