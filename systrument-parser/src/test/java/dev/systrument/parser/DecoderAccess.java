package dev.systrument.parser;

import dev.systrument.model.value.Value;
import java.util.List;

/** Test-only door to the package-private argument decoders, for the JMH benchmarks in {@code bench}. */
public final class DecoderAccess {
  private DecoderAccess() {}

  /** The fast path alone: values, or null where it declines. */
  public static List<Value> fast(byte[] text) {
    return FastArgumentDecoder.decode(text);
  }

  /** The grammar alone. */
  public static List<Value> grammar(byte[] text) {
    return GrammarArgumentDecoder.INSTANCE.decodeWithGrammar(text).values();
  }

  /** What {@code Arguments.values()} runs: the fast path, the grammar where it declines. */
  public static List<Value> decoder(byte[] text) {
    return GrammarArgumentDecoder.INSTANCE.decode(text);
  }
}
