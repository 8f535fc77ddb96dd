package dev.systrument.cli;

import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * A decoded strace {@link Value} as JSON: an object whose {@code "type"} names the variant, with
 * the variant's fields under their record names (docs/json.md, {@code $defs/value} in
 * docs/strace2json.schema.json). {@code "abc\n"} is {@code {"type":"str","text":"abc\n"}};
 * {@code O_RDONLY|O_CLOEXEC} is {@code {"type":"flags","parts":[{"type":"sym","name":"O_RDONLY"},
 * ...]}}.
 */
final class ValueJson {
  private ValueJson() {}

  static void writeAll(JsonGenerator g, List<Value> values) {
    g.writeStartArray();
    for (Value v : values) {
      write(g, v);
    }
    g.writeEndArray();
  }

  private static void value(JsonGenerator g, String name, Value value) {
    g.writeName(name);
    write(g, value);
  }

  private static void values(JsonGenerator g, String name, List<Value> values) {
    g.writeName(name);
    writeAll(g, values);
  }

  static void write(JsonGenerator g, Value value) {
    g.writeStartObject();
    if (value instanceof Value.Str s) {
      g.writeStringProperty("type", "str");
      byte[] bytes = s.bytes();
      // strace strings are bytes: valid UTF-8 is text as it is; otherwise the text has each bad
      // byte as \xHH (readable, but ambiguous with a literal backslash) and the bytes come too
      g.writeStringProperty("text", Utf8Text.decode(bytes));
      if (!Utf8Text.isValid(bytes)) {
        g.writeBinaryProperty("bytes", bytes);
      }
      if (s.truncated()) {
        g.writeBooleanProperty("truncated", true);
      }
    } else if (value instanceof Value.Num n) {
      g.writeStringProperty("type", "num");
      g.writeNumberProperty("value", n.value());
      g.writeStringProperty("text", n.text());
    } else if (value instanceof Value.Sym s) {
      g.writeStringProperty("type", "sym");
      g.writeStringProperty("name", s.name());
    } else if (value instanceof Value.Flags f) {
      g.writeStringProperty("type", "flags");
      values(g, "parts", f.parts());
    } else if (value instanceof Value.Expr e) {
      g.writeStringProperty("type", "expr");
      g.writeStringProperty("text", e.text());
    } else if (value instanceof Value.Call c) {
      g.writeStringProperty("type", "call");
      g.writeStringProperty("function", c.function());
      values(g, "args", c.args());
    } else if (value instanceof Value.Struct s) {
      g.writeStringProperty("type", "struct");
      values(g, "fields", s.fields());
    } else if (value instanceof Value.Named n) {
      g.writeStringProperty("type", "named");
      g.writeStringProperty("name", n.name());
      value(g, "value", n.value());
    } else if (value instanceof Value.Array a) {
      g.writeStringProperty("type", "array");
      values(g, "elements", a.elements());
    } else if (value instanceof Value.BitSet b) {
      g.writeStringProperty("type", "bitset");
      values(g, "members", b.members());
      g.writeBooleanProperty("complement", b.complement());
    } else if (value instanceof Value.Indexed i) {
      g.writeStringProperty("type", "indexed");
      value(g, "index", i.index());
      value(g, "value", i.value());
    } else if (value instanceof Value.Annotated a) {
      g.writeStringProperty("type", "annotated");
      value(g, "value", a.value());
      g.writeStringProperty("annotation", a.annotation());
    } else if (value instanceof Value.Changed c) {
      g.writeStringProperty("type", "changed");
      value(g, "before", c.before());
      value(g, "after", c.after());
    } else if (value instanceof Value.Alternatives a) {
      g.writeStringProperty("type", "alternatives");
      values(g, "options", a.options());
    } else if (value instanceof Value.Commented c) {
      g.writeStringProperty("type", "commented");
      value(g, "value", c.value());
      g.writeStringProperty("comment", c.comment());
    } else if (value instanceof Value.Ellipsis) {
      g.writeStringProperty("type", "ellipsis");
    } else if (value instanceof Value.Unparsed u) {
      g.writeStringProperty("type", "unparsed");
      g.writeStringProperty("text", u.text());
      g.writeStringProperty("reason", u.reason());
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass());
    }
    g.writeEndObject();
  }
}
