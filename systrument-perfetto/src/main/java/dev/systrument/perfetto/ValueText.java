package dev.systrument.perfetto;

import dev.systrument.model.value.Utf8Text;
import dev.systrument.model.value.Value;
import java.util.List;

/**
 * Writes a value's {@link Value#toText()} as UTF-8 straight into a {@link ProtoBuffer}, without
 * building the String: every syscall argument becomes a debug annotation, and for {@code
 * newfstatat(3</etc/ld.so.cache>, "", {st_dev=makedev(0xfe, 0), st_ino=673, ...})} the String
 * concatenations of {@code toText()} cost more than the rest of the event. The bytes are exactly
 * {@code toText().getBytes(UTF_8)} (checked by ValueTextTest on random value trees).
 */
final class ValueText {
  private ValueText() {}

  /** {@code field} as a string field holding {@code v.toText()}. */
  static void field(ProtoBuffer p, int field, Value v) {
    int mark = p.beginMessage(field); // a string is length-delimited, as a message is
    write(p, v);
    p.endMessage(mark);
  }

  static void write(ProtoBuffer p, Value v) {
    if (v instanceof Value.Sym s) {
      p.rawText(s.name());
    } else if (v instanceof Value.Num n) {
      p.rawTextOnce(n.text()); // addresses and sizes: mostly one-off texts
    } else if (v instanceof Value.Str s) {
      string(p, s);
    } else if (v instanceof Value.Flags f) {
      join(p, f.parts(), "|");
    } else if (v instanceof Value.Named n) {
      p.rawText(n.name());
      p.rawAscii('=');
      write(p, n.value());
    } else if (v instanceof Value.Struct s) {
      p.rawAscii('{');
      join(p, s.fields(), ", ");
      p.rawAscii('}');
    } else if (v instanceof Value.Array a) {
      p.rawAscii('[');
      join(p, a.elements(), ", ");
      p.rawAscii(']');
    } else if (v instanceof Value.Annotated a) {
      write(p, a.value());
      p.rawAscii('<');
      p.rawText(a.annotation());
      p.rawAscii('>');
    } else if (v instanceof Value.Commented c) {
      write(p, c.value());
      p.rawText(" /* ");
      p.rawText(c.comment());
      p.rawText(" */");
    } else if (v instanceof Value.Call c) {
      p.rawText(c.function());
      p.rawAscii('(');
      join(p, c.args(), ", ");
      p.rawAscii(')');
    } else if (v instanceof Value.BitSet b) {
      p.rawText(b.complement() ? "~[" : "[");
      join(p, b.members(), " ");
      p.rawAscii(']');
    } else if (v instanceof Value.Indexed i) {
      p.rawAscii('[');
      write(p, i.index());
      p.rawText("]=");
      write(p, i.value());
    } else if (v instanceof Value.Changed c) {
      write(p, c.before());
      p.rawText(" => ");
      write(p, c.after());
    } else if (v instanceof Value.Alternatives a) {
      join(p, a.options(), " or ");
    } else if (v instanceof Value.Ellipsis) {
      p.rawText("...");
    } else {
      p.rawText(v.toText()); // Expr and Unparsed are text already
    }
  }

  /** {@link Value.Str#text()}: ASCII bytes as they are, anything else through {@link Utf8Text}. */
  private static void string(ProtoBuffer p, Value.Str s) {
    byte[] bytes = s.bytes();
    boolean ascii = true;
    for (byte b : bytes) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      p.rawBytes(bytes, 0, bytes.length);
    } else {
      p.rawText(Utf8Text.decode(bytes));
    }
    if (s.truncated()) {
      p.rawText("...");
    }
  }

  private static void join(ProtoBuffer p, List<Value> values, String separator) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        p.rawText(separator);
      }
      write(p, values.get(i));
    }
  }
}
