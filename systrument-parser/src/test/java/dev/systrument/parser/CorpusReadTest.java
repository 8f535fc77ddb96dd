package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus recording (6.1 in 9 formats and 7.2 in 8, -ff directories included) against its truth file, written
 * by an independent extractor: zero problems, the same line and logical syscall counts, the same
 * per-syscall counts, pids, exits and successful execs (path and argv decoded from the arguments),
 * and with validateArguments every argument decodes without an Unparsed value.
 */
class CorpusReadTest {

  static Stream<Path> recordings() {
    return Corpus.recordings().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  @SuppressWarnings("unchecked")
  void readsLikeTheTruthFile(Path recording) throws IOException {
    Map<String, Object> truth = (Map<String, Object>) Json.parse(
        Files.readString(Corpus.truthOf(recording), StandardCharsets.UTF_8));
    List<Problem> problems = new ArrayList<>();
    List<TraceEvent> events = new ArrayList<>();
    ReadSummary summary;
    try (StraceReader reader = StraceReader.open(recording,
        ReaderOptions.defaults().withProblemSink(problems::add).withValidateArguments(true))) {
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
      summary = reader.summary();
    }
    assertThat(problems).extracting(Problem::format).isEmpty();
    assertThat(summary.physicalLines()).as("lines").isEqualTo((Long) truth.get("lines"));
    assertThat(summary.syscalls()).as("syscall records").isEqualTo((Long) truth.get("syscall_records"));
    assertThat(summary.events()).isEqualTo(events.size());
    assertThat(summary.foreignLines()).isZero();
    assertThat(summary.unfinishedNeverResumed()).isEqualTo((Long) truth.get("unfinished_never_completed"));
    assertThat(summary.resumedWithoutUnfinished()).isEqualTo((Long) truth.get("orphan_resumed"));
    assertThat(summary.outOfOrder()).isZero();

    Map<String, TreeSet<String>> comms = new TreeMap<>();
    List<String> clones = new ArrayList<>();
    List<String> signals = new ArrayList<>();
    Map<String, Long> counts = new TreeMap<>();
    TreeSet<Long> pids = new TreeSet<>();
    Map<String, Object> exits = new TreeMap<>();
    Map<String, List<Object>> execs = new TreeMap<>();
    long lastTs = Long.MIN_VALUE;
    for (TraceEvent e : events) {
      assertThat(e.timestampNs()).as("timestamp order at %s", e.location()).isGreaterThanOrEqualTo(lastTs);
      lastTs = e.timestampNs();
      pids.add((long) e.pid());
      if (!e.comm().isEmpty()) {
        comms.computeIfAbsent(Integer.toString(e.pid()), k -> new TreeSet<>()).add(e.comm());
      }
      if (e instanceof SyscallEvent s) {
        counts.merge(s.name(), 1L, Long::sum);
        if (s.name().matches("clone3?|fork|vfork") && s.result().known() && s.result().value() > 0) {
          clones.add(s.pid() + "->" + s.result().value() + " " + s.name() + " thread=" + isThread(s));
        }
        assertNoUnparsed(s.arguments().values(), e);
        if (s.name().equals("execve") && s.result().known() && s.result().value() == 0) {
          List<Value> args = s.arguments().values();
          Map<String, Object> exec = new TreeMap<>();
          exec.put("path", text(args.get(0)));
          List<Object> argv = new ArrayList<>();
          for (Value v : ((Value.Array) args.get(1)).elements()) {
            argv.add(v instanceof Value.Ellipsis ? "..." : text(v));
          }
          exec.put("argv", argv);
          execs.computeIfAbsent(Integer.toString(s.pid()), k -> new ArrayList<>()).add(exec);
        }
      } else if (e instanceof SignalEvent g) {
        assertNoUnparsed(g.siginfo().values(), e);
        Value code = new Value.Struct(g.siginfo().values()).get("si_code");
        signals.add(g.pid() + " " + g.signal() + " " + (code == null ? null : code.toText()));
      } else if (e instanceof ExitEvent x) {
        exits.put(Integer.toString(x.pid()), Map.of("exited", (long) x.code()));
      } else if (e instanceof KilledEvent k) {
        exits.put(Integer.toString(k.pid()), Map.of("killed", k.signal(), "core_dumped", k.coreDumped()));
      }
    }
    assertThat(counts).as("syscall counts").isEqualTo(new TreeMap<>((Map<String, Long>) truth.get("syscall_counts")));
    assertThat(pids).as("pids").containsExactlyElementsOf(new TreeSet<>((List<Long>) truth.get("pids")));
    assertThat(exits).as("exits").isEqualTo(new TreeMap<>((Map<String, Object>) truth.get("exit")));
    Map<String, Object> truthExecs = new TreeMap<>();
    ((Map<String, List<Map<String, Object>>>) truth.get("execve")).forEach((pid, list) -> {
      List<Object> sorted = new ArrayList<>();
      for (Map<String, Object> m : list) {
        sorted.add(new TreeMap<>(m));
      }
      truthExecs.put(pid, sorted);
    });
    assertThat(execs).as("successful execs").isEqualTo(truthExecs);
    Map<String, TreeSet<String>> truthComms = new TreeMap<>();
    if (truth.get("comms") instanceof Map<?, ?> m) {
      m.forEach((pid, names) -> truthComms.put((String) pid, new TreeSet<>((List<String>) names)));
    }
    assertThat(comms).as("comms (-Y)").isEqualTo(truthComms);
    List<String> truthClones = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) truth.get("clones")) {
      truthClones.add(c.get("caller") + "->" + c.get("child") + " " + c.get("via") + " thread=" + c.get("thread"));
    }
    assertThat(clones).as("clones").containsExactlyInAnyOrderElementsOf(truthClones);
    List<String> truthSignals = new ArrayList<>();
    for (Map<String, Object> g : (List<Map<String, Object>>) truth.get("signals")) {
      truthSignals.add(g.get("pid") + " " + g.get("sig") + " " + g.get("si_code"));
    }
    assertThat(signals).as("signals").containsExactlyInAnyOrderElementsOf(truthSignals);
  }

  /** CLONE_THREAD in clone's `flags=` argument or clone3's `{flags=...}` struct, decoded from the arguments. */
  private static boolean isThread(SyscallEvent s) {
    for (Value v : s.arguments().values()) {
      Value flags = null;
      if (v instanceof Value.Named n && n.name().equals("flags")) {
        flags = n.value();
      } else if (v instanceof Value.Changed c && c.before() instanceof Value.Struct st) {
        flags = st.get("flags");
      } else if (v instanceof Value.Struct st) {
        flags = st.get("flags");
      }
      if (flags instanceof Value.Flags f && f.parts().contains(new Value.Sym("CLONE_THREAD"))) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void everyWindowSizeDeliversTheSameEventsOnce(Path recording) throws IOException {
    Logs ordered = Logs.read(recording, ReaderOptions.defaults());
    for (int window : new int[] {0, 1, 50}) {
      Logs small = Logs.read(recording, ReaderOptions.defaults().withReorderWindow(window));
      assertThat(small.problems()).isEmpty();
      assertThat(small.events()).as("window %d", window).hasSameSizeAs(ordered.events());
      assertThat(small.events()).as("window %d", window).containsExactlyInAnyOrderElementsOf(ordered.events());
      assertThat(small.summary().syscalls()).isEqualTo(ordered.summary().syscalls());
    }
  }

  private static String text(Value v) {
    return ((Value.Str) v).text();
  }

  private static void assertNoUnparsed(List<Value> values, TraceEvent where) {
    for (Value v : values) {
      assertThat(v).as("argument of %s", where.location()).isNotInstanceOf(Value.Unparsed.class);
    }
  }
}
