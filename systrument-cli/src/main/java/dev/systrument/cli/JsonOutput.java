package dev.systrument.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The CLI's JSON outputs ({@code tree --json}, {@code strace2json}) are written with Jackson's
 * streaming generator, configured once here: UTF-8, compact, one root value per line.
 *
 * <p>Why these settings: {@code /} is not escaped (Jackson 3 escapes it by default; paths are most
 * of our strings, and {@code "\/usr\/bin"} is hard to read and to grep); control characters as
 * escapes with lower-case hex digits, as {@code tree --json} always wrote them (its output is
 * byte-stable); characters beyond the BMP as their UTF-8 bytes rather than a pair of escaped
 * surrogates. No nesting limit: how deep a value goes is bounded by the reader's
 * {@code --max-nesting} already, and a generator that refused a deep value would end the run.
 */
final class JsonOutput {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
      .rootValueSeparator("\n")
      .build();

  private JsonOutput() {}

  /** A generator writing UTF-8 to {@code out}; closing it flushes but leaves {@code out} open. */
  static JsonGenerator generator(OutputStream out) {
    return FACTORY.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8);
  }

  /** What {@code body} writes, as a String (one small document: {@code tree --json}). */
  static String render(Consumer<JsonGenerator> body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = generator(bytes)) {
      body.accept(g);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
