package dev.systrument.perfetto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ValueText} writes exactly {@code toText()}'s UTF-8 bytes, for random value trees of
 * every variant, with ASCII, non-ASCII, invalid UTF-8 and long texts (length prefixes of 2 bytes).
 */
class ValueTextTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void writesWhatToTextSays(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 2_000; i++) {
      Value v = value(random, 4);
      byte[] expected = v.toText().getBytes(StandardCharsets.UTF_8);

      ProtoBuffer raw = new ProtoBuffer(2);
      ValueText.write(raw, v);
      assertThat(Arrays.copyOf(raw.array(), raw.size())).as("%s", v).isEqualTo(expected);

      ProtoBuffer viaField = new ProtoBuffer(2);
      viaField.uint64(1, 7);
      ValueText.field(viaField, 6, v);
      ProtoBuffer viaString = new ProtoBuffer(2);
      viaString.uint64(1, 7);
      viaString.string(6, v.toText());
      assertThat(Arrays.copyOf(viaField.array(), viaField.size()))
          .isEqualTo(Arrays.copyOf(viaString.array(), viaString.size()));
    }
  }

  private static final String[] WORDS = {
    "O_RDONLY", "0x7ffd", "st_mode", "", "/etc/ld.so.cache", "é", "\u20ac", "\ud83d\ude00", "\u00ff", "a b", "x".repeat(200),
  };

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(3); i >= 0; i--) {
      sb.append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  private static Value value(Random r, int depth) {
    int kinds = depth <= 0 ? 6 : 16;
    switch (r.nextInt(kinds)) {
      case 0: return new Value.Sym(text(r));
      case 1: return new Value.Num(r.nextLong(), text(r));
      case 2: {
        byte[] b = new byte[r.nextInt(300)];
        for (int i = 0; i < b.length; i++) {
          b[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : (byte) (32 + r.nextInt(95));
        }
        return new Value.Str(b, r.nextBoolean());
      }
      case 3: return Value.Str.of(text(r));
      case 4: return new Value.Expr(text(r));
      case 5: return new Value.Ellipsis();
      case 6: return new Value.Flags(values(r, depth));
      case 7: return new Value.Named(text(r), value(r, depth - 1));
      case 8: return new Value.Struct(values(r, depth));
      case 9: return new Value.Array(values(r, depth));
      case 10: return new Value.Annotated(value(r, depth - 1), text(r));
      case 11: return new Value.Commented(value(r, depth - 1), text(r));
      case 12: return new Value.Call(text(r), values(r, depth));
      case 13: return new Value.BitSet(values(r, depth), r.nextBoolean());
      case 14: return r.nextBoolean()
          ? new Value.Indexed(value(r, depth - 1), value(r, depth - 1))
          : new Value.Changed(value(r, depth - 1), value(r, depth - 1));
      default: return r.nextBoolean()
          ? new Value.Alternatives(values(r, depth))
          : new Value.Unparsed(text(r), "reason");
    }
  }

  private static List<Value> values(Random r, int depth) {
    List<Value> out = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      out.add(value(r, depth - 1));
    }
    return out;
  }
}
