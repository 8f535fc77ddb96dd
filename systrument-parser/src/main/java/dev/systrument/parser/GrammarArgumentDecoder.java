package dev.systrument.parser;

import dev.systrument.model.ArgumentDecoder;
import dev.systrument.model.ArgumentTextSink;
import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import dev.systrument.parser.internal.grammar.StraceParser;
import java.util.List;

/**
 * Decodes argument text with the grammar's {@code argumentList} rule: what {@link
 * dev.systrument.model.Arguments#values()} runs on first use. Never throws.
 *
 * <p>{@link FastArgumentDecoder} is tried first: it builds the same values for the texts real logs
 * are made of, about 10-50 times faster, and declines the rest, which the grammar then decodes.
 */
final class GrammarArgumentDecoder implements ArgumentDecoder {
  static final GrammarArgumentDecoder INSTANCE = new GrammarArgumentDecoder(ReaderOptions.DEFAULT_MAX_NESTING);

  private final int maxNesting;

  private GrammarArgumentDecoder(int maxNesting) {
    this.maxNesting = maxNesting;
  }

  /** The decoder that reports nesting deeper than {@code maxNesting} ({@link ReaderOptions#maxNesting()}). */
  static GrammarArgumentDecoder withMaxNesting(int maxNesting) {
    return maxNesting == INSTANCE.maxNesting ? INSTANCE : new GrammarArgumentDecoder(maxNesting);
  }

  /** A decode with the location of its failure: 0-based column in the text, or -1 when it decoded. */
  record Decoded(List<Value> values, int errorColumn, String error) {}

  @Override
  public List<Value> decode(byte[] text) {
    List<Value> fast = FastArgumentDecoder.decode(text, maxNesting);
    return fast != null ? fast : decodeWithGrammar(text).values();
  }

  @Override
  public boolean render(byte[] text, ArgumentTextSink sink) {
    return ArgumentRenderer.render(text, sink, maxNesting);
  }

  Decoded decodeLocated(byte[] text) {
    List<Value> fast = FastArgumentDecoder.decode(text, maxNesting);
    return fast != null ? new Decoded(fast, -1, null) : decodeWithGrammar(text);
  }

  /** The grammar alone, without the fast path: the reference the fast path is tested against. */
  Decoded decodeWithGrammar(byte[] text) {
    StraceGrammar.Outcome<StraceParser.ArgumentListContext> parsed = StraceGrammar.parseArguments(text, 0, text.length, maxNesting);
    if (parsed.ok()) {
      try {
        return new Decoded(new AstBuilder(text, 0).arguments(parsed.tree()), -1, null);
      } catch (StackOverflowError e) {
        return failed(text, 0, "too deeply nested (builder stack exhausted)");
      }
    }
    return failed(text, parsed.column(), parsed.message());
  }

  private static Decoded failed(byte[] text, int column, String message) {
    Value unparsed = new Value.Unparsed(Utf8Text.decode(text), "column " + (column + 1) + ": " + message);
    return new Decoded(List.of(unparsed), column, message);
  }
}
