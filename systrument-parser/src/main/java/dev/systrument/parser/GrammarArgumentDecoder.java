package dev.systrument.parser;

import dev.systrument.model.ArgumentDecoder;
import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import java.util.List;

/**
 * Decodes argument text with the grammar's {@code argumentList} rule: what {@link
 * dev.systrument.model.Arguments#values()} runs on first use. Never throws.
 */
final class GrammarArgumentDecoder implements ArgumentDecoder {
  static final GrammarArgumentDecoder INSTANCE = new GrammarArgumentDecoder();

  /** A decode with the location of its failure: 0-based column in the text, or -1 when it decoded. */
  record Decoded(List<Value> values, int errorColumn, String error) {}

  @Override
  public List<Value> decode(byte[] text) {
    return decodeLocated(text).values();
  }

  Decoded decodeLocated(byte[] text) {
    StraceGrammar.Outcome<StraceParser.ArgumentListContext> parsed = StraceGrammar.parseArguments(text, 0, text.length);
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
