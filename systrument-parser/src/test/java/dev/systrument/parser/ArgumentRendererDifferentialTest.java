package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The argument renderer against the grammar's values: for every argument text of the corpus and
 * of real build logs ({@link BuildLogs}), what {@link ArgumentRenderer} hands over must be exactly
 * what the values read as ({@code name}, {@code toText()}, top-level annotation), or it must
 * decline. Mutated texts check the same on inputs no log holds.
 */
class ArgumentRendererDifferentialTest {
  private static final int BENCH_EVENT_CAP = 300_000;

  static Stream<Path> recordings() {
    return Corpus.recordings().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void rendersAsTheValuesReadOnEveryCorpusArgument(Path recording) throws IOException {
    Comparison c = compare(FastArgumentDecoderDifferentialTest.argumentTexts(recording, Integer.MAX_VALUE));
    assertThat(c.disagreements).as("texts where the renderer and the values disagree").isEmpty();
    assertThat(c.compared).isPositive();
    assertThat(c.declined).as("declined, e.g. %s", c.declinedExamples).isLessThanOrEqualTo(2 + c.compared / 20);
  }

  static Stream<String> buildLogs() {
    return BuildLogs.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("buildLogs")
  void rendersAsTheValuesReadOnRealBuildLogs(String name) throws IOException, InterruptedException {
    Comparison c = compare(FastArgumentDecoderDifferentialTest.argumentTexts(BuildLogs.log(name), BENCH_EVENT_CAP));
    assertThat(c.disagreements).as("texts where the renderer and the values disagree").isEmpty();
    assertThat(c.compared).as("argument texts").isGreaterThan(500);
    // The point of the renderer: real build logs must not need the values.
    assertThat(c.declined).as("declined texts of %d, e.g. %s", c.compared, c.declinedExamples).isLessThanOrEqualTo(c.compared / 100);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void rendersAsTheValuesReadOrDeclinesOnMutatedTexts(long seed) throws IOException {
    List<byte[]> seeds = new ArrayList<>(TRICKY);
    seeds.addAll(FastArgumentDecoderDifferentialTest.argumentTexts(
        Corpus.recordings().get((int) (seed % Corpus.recordings().size())), 2_000));
    Random random = new Random(seed);
    List<byte[]> mutated = new ArrayList<>(TRICKY);
    for (int i = 0; i < 5_000; i++) {
      byte[] text = seeds.get(random.nextInt(seeds.size()));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        text = FastArgumentDecoderDifferentialTest.mutate(text, seeds.get(random.nextInt(seeds.size())), random);
      }
      mutated.add(text);
    }
    Comparison c = compare(mutated);
    assertThat(c.disagreements).as("mutated texts where the renderer and the values disagree").isEmpty();
    assertThat(c.declined).isPositive();
    assertThat(c.compared - c.declined).isPositive();
  }

  private static final List<byte[]> TRICKY = Stream.of(
          "AT_FDCWD</tmp>, \"/etc/x\\n\", O_RDONLY|O_CLOEXEC", "3</a->b>, \"x>\"", "16<UNIX-STREAM:[1->2]>",
          "3</dev/urandom<char 1:9>>", "3</tmp/x (deleted)>", "18276<bash>", "fd=3</x>", "-3</x>", "A|3</x>",
          "3</x> /* c */", "3</x> ", "{fd=3</x>, b=2}", "[\"make\", \"-s\"]", "[\"a\", ...]", "\"\\177ELF\\2\\1\\1\\300\"...",
          "\"\\303\\251\"", "\"\\377\\376\"", "\"\"", "\"a\"...", "0x7ffd /* 35 vars */", "[/* 22 entries */]",
          "{st_mode=S_IFREG|0644, st_size=34547, ...}", "{a=1,b=2}", "{a=1 b=2}", "[A B]", "~[RTMIN RT_1]", "~[]",
          "msg_namelen=128 => 16", "makedev(0x1, 0x9)", "makedev(0x1,0x9)", "[[VINTR]=0x3]", "x or y", "1<<20",
          "8192*1024", "WIFEXITED(s) && WEXITSTATUS(s) == 0", "-1", "{tv_sec=-1, tv_nsec=0}", "12.5", "02:05:20",
          "child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|SIGCHLD", "a=b=c", "a = b", "a  b", "a, ", ", a", " a",
          "{ }", "{}", "[]", "x /* a */ /* b */", "x /*a*/", "x  /* a */", "x /* \u00e9 */", "\u00e9", "3</\u00e9>",
          "{a=\"b\" /* c */}", "f()", "f(a)", "(1)", "@\"/tmp/.X11\"", "0x", "09",
          "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}", "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]", "8192*1024",
          "ma*kedev(0x1,0x9)", "a && b", "a == b", "{a=\"x\"*2}", "1*\"a\"", "a*b /* c */", "a /* c */ && b", "a &&  b",
          "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]", "{a=1*2, b=[c,d]}", "{a=1*2,b=3}", "x*", "*x", "a && ")
      .map(s -> s.getBytes(StandardCharsets.ISO_8859_1))
      .toList();

  /** What the values read as, per top-level argument: as the renderer promises to hand over. */
  private record Rendered(String name, String text, String annotation) {}

  private static List<Rendered> expected(List<Value> values) {
    List<Rendered> out = new ArrayList<>();
    for (Value v : values) {
      String name = null;
      if (v instanceof Value.Named n) {
        name = n.name();
        v = n.value();
      }
      if (v instanceof Value.Annotated a) {
        out.add(new Rendered(name, a.value().toText(), a.annotation()));
      } else {
        out.add(new Rendered(name, v.toText(), null));
      }
    }
    return out;
  }

  static Comparison compare(List<byte[]> texts) {
    Comparison c = new Comparison();
    for (byte[] text : texts) {
      c.compared++;
      List<Rendered> got = new ArrayList<>();
      List<Integer> indexes = new ArrayList<>();
      boolean rendered = ArgumentRenderer.render(text, (index, name, bytes, start, end, annotationStart, annotationEnd) -> {
        indexes.add(index);
        String annotation = annotationStart < 0 ? null
            : new String(bytes, annotationStart, annotationEnd - annotationStart, StandardCharsets.UTF_8);
        got.add(new Rendered(name, new String(bytes, start, end - start, StandardCharsets.UTF_8), annotation));
      }, ReaderOptions.DEFAULT_MAX_NESTING);
      String shown = new String(text, StandardCharsets.ISO_8859_1);
      if (!rendered) {
        assertThat(got).as("sink called though declined: %s", shown).isEmpty();
        c.declined++;
        if (c.declinedExamples.size() < 10) {
          c.declinedExamples.add(shown);
        }
        continue;
      }
      GrammarArgumentDecoder.Decoded decoded = GrammarArgumentDecoder.INSTANCE.decodeWithGrammar(text);
      if (decoded.errorColumn() >= 0) {
        c.disagreements.add(shown + "  (rendered, but the grammar rejects it: " + decoded.error() + ")");
        continue;
      }
      List<Rendered> want = expected(decoded.values());
      if (!want.equals(got)) {
        c.disagreements.add(shown + "\n    rendered " + got + "\n    values   " + want);
      }
      for (int i = 0; i < indexes.size(); i++) {
        if (indexes.get(i) != i) {
          c.disagreements.add(shown + "  (index " + indexes.get(i) + " at position " + i + ")");
        }
      }
    }
    return c;
  }

  static final class Comparison {
    int compared;
    int declined;
    final List<String> disagreements = new ArrayList<>();
    final List<String> declinedExamples = new ArrayList<>();
  }
}
