package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SignalEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast argument decoder against the grammar, which defines the language: for every syscall's
 * arguments and every signal's siginfo in the corpus and in real build logs ({@link BuildLogs}),
 * the fast path must build exactly the grammar's values or decline; it must
 * never accept what the grammar rejects. Mutated texts check the same on inputs no log holds.
 */
class FastArgumentDecoderDifferentialTest {
  /** Events read from each build log: keeps a benchmark log well under 30 s on a loaded machine. */
  private static final int BENCH_EVENT_CAP = 300_000;

  static Stream<Path> recordings() {
    return Corpus.recordings().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void agreesWithTheGrammarOnEveryCorpusArgument(Path recording) throws IOException {
    Comparison c = compare(argumentTexts(recording, Integer.MAX_VALUE));
    assertThat(c.disagreements).as("texts where the fast path and the grammar disagree").isEmpty();
    assertThat(c.compared).isPositive();
  }

  static Stream<String> buildLogs() {
    return BuildLogs.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("buildLogs")
  void agreesWithTheGrammarOnRealBuildLogs(String name) throws IOException, InterruptedException {
    Comparison c = compare(argumentTexts(BuildLogs.log(name), BENCH_EVENT_CAP));
    assertThat(c.disagreements).as("texts where the fast path and the grammar disagree").isEmpty();
    assertThat(c.compared).as("argument texts").isGreaterThan(500);
    // The point of the fast path: real build logs must not fall back to the grammar.
    assertThat(c.declined).as("declined texts of %d, e.g. %s", c.compared, c.declinedExamples).isLessThanOrEqualTo(c.compared / 100);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void agreesOrDeclinesOnMutatedTexts(long seed) throws IOException {
    List<byte[]> seeds = new ArrayList<>(TRICKY);
    seeds.addAll(argumentTexts(Corpus.recordings().get((int) (seed % Corpus.recordings().size())), 2_000));
    Random random = new Random(seed);
    List<byte[]> mutated = new ArrayList<>(TRICKY); // the seeds themselves too
    for (int i = 0; i < 5_000; i++) {
      byte[] text = seeds.get(random.nextInt(seeds.size()));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        text = mutate(text, seeds.get(random.nextInt(seeds.size())), random);
      }
      mutated.add(text);
    }
    Comparison c = compare(mutated);
    assertThat(c.disagreements).as("mutated texts where the fast path and the grammar disagree").isEmpty();
    // Both outcomes must really occur, or the property says nothing.
    assertThat(c.declined).isPositive();
    assertThat(c.compared - c.declined).isPositive();
  }

  // ------------------------------------------------------------------------------------------

  private static final List<byte[]> TRICKY = Stream.of(
          "3</a->b>, \"x>\"", "16<UNIX-STREAM:[1->2]>", "3</dev/urandom<char 1:9>>", "3</tmp/x (deleted)>",
          "1<<20", "[CHLD]", "[CHLD TERM]", "~[RTMIN RT_1]", "[]", "~[]", "{B38400 opost isig icanon}",
          "[/* 22 entries */]", "msg_namelen=128 => 16", "x or y", "\"abc\"...", "makedev(0x1, 0x9)",
          "[a(b)]", "{a -1}", "{a=1, b=\"c\\n\\303\\251\", ...}", "[[VINTR]=0x3, [VQUIT]=0x1c]", "-1",
          "- 5", "0x7ffd /* 35 vars */", "AT_FDCWD</work/x>, \"y\", O_RDONLY|O_CLOEXEC", "12.5", "02:05:20",
          "child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|SIGCHLD", "18276<bash>", "3<\\>x>", "[pid 5]",
          "{sa_handler=SIG_DFL, sa_mask=~[KILL STOP], sa_flags=SA_RESTORER}", "@\"/tmp/.X11\"", "(1)",
          "\"a\"\"b\"", "NULL,", ",", "a=b=c", "0x", "0xg", "09", "0x8000000000000000", "-0x8000000000000000",
          "3</a<b<c>>>", "f()", "x /* " + "(".repeat(199) + " */", "x /* " + "(".repeat(150) + " */",
          "x /* " + "-".repeat(201) + " */", "3</" + "[".repeat(201) + ">", "3</a\"b>, \"" + "{".repeat(201) + "\"",
          "{a=" + "[".repeat(40) + "1" + "]".repeat(40) + ", b=3</" + "(".repeat(170) + ">}", "f(a,)", "{,}", "{a,}", "[a,]", "[ 1 , 2 ]", "\t{ }", "x /* a */ /* b */",
          "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL", "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}", "a != b",
          "a || b", "A|B && C == D", "1 >> 2", "[A && B C]", "[CHLD && TERM]", "x*/", "a ==", "a == b /* c */", "a=>b && c",
          "(a && b)", "-1 * 2", "a&&b||c", "a &&& b", "a === b", "a <<< b", "a * * b")
      .map(s -> s.getBytes(StandardCharsets.ISO_8859_1))
      .toList();

  private static final String[] PIECES = {
    "<", ">", "->", "-", "|", "||", ",", "{", "}", "[", "]", "(", ")", "\"", "\\", "=", "=>", "==", ".", "...",
    "/*", "*/", " ", "\t", "~", "!", "&", "or", "0x", "9", "0", "a", "Z_", "/tmp", "<unfinished ...>", "<1.5>",
    "[pid ", " > ", "\\n", "\\\"", "@", "+", "*", ":", "\u00e9", "?",
  };

  static byte[] mutate(byte[] text, byte[] other, Random random) {
    String s = new String(text, StandardCharsets.ISO_8859_1);
    int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
    String piece = PIECES[random.nextInt(PIECES.length)];
    String out;
    switch (random.nextInt(5)) {
      case 0 -> out = s.substring(0, at) + piece + s.substring(at);
      case 1 -> out = at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
      case 2 -> out = at < s.length() ? s.substring(0, at) + piece + s.substring(at + 1) : s + piece;
      case 3 -> {
        String o = new String(other, StandardCharsets.ISO_8859_1);
        int from = o.isEmpty() ? 0 : random.nextInt(o.length());
        out = s.substring(0, at) + o.substring(from);
      }
      default -> {
        int to = at + random.nextInt(Math.max(1, s.length() - at + 1));
        out = s.substring(0, at) + s.substring(Math.min(to, s.length()));
      }
    }
    return out.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Distinct argument and siginfo texts of a log or -ff directory, in order, from at most {@code maxEvents} events. */
  static List<byte[]> argumentTexts(Path recording, int maxEvents) throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    try (StraceReader reader = StraceReader.open(recording, ReaderOptions.defaults().withProblemSink(p -> {}))) {
      int n = 0;
      for (TraceEvent e = reader.next(); e != null && n < maxEvents; e = reader.next(), n++) {
        if (e instanceof SyscallEvent s && s.arguments().rawLength() > 0) {
          seen.add(new String(s.arguments().rawBytes(), StandardCharsets.ISO_8859_1));
        } else if (e instanceof SignalEvent s && s.siginfo().rawLength() > 0) {
          seen.add(new String(s.siginfo().rawBytes(), StandardCharsets.ISO_8859_1));
        }
      }
    }
    List<byte[]> out = new ArrayList<>(seen.size());
    for (String s : seen) {
      out.add(s.getBytes(StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  static final class Comparison {
    int compared;
    int declined;
    final List<String> disagreements = new ArrayList<>();
    final List<String> declinedExamples = new ArrayList<>();
  }

  static Comparison compare(List<byte[]> texts) {
    Comparison c = new Comparison();
    for (byte[] text : texts) {
      c.compared++;
      List<Value> fast = FastArgumentDecoder.decode(text);
      GrammarArgumentDecoder.Decoded grammar = GrammarArgumentDecoder.INSTANCE.decodeWithGrammar(text);
      String shown = new String(text, StandardCharsets.ISO_8859_1);
      if (fast == null) {
        c.declined++;
        if (c.declinedExamples.size() < 10) {
          c.declinedExamples.add(shown);
        }
      } else if (grammar.errorColumn() >= 0) {
        c.disagreements.add(shown + "\n  fast:    " + fast + "\n  grammar rejects: " + grammar.error());
      } else if (!fast.equals(grammar.values())) {
        c.disagreements.add(shown + "\n  fast:    " + fast + "\n  grammar: " + grammar.values());
      }
    }
    return c;
  }
}
