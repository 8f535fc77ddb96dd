package dev.systrument.perfetto;

import static dev.systrument.perfetto.Scenarios.ns;
import static dev.systrument.perfetto.StraceEvents.call;
import static dev.systrument.perfetto.StraceEvents.exited;
import static dev.systrument.perfetto.StraceEvents.fd;
import static dev.systrument.perfetto.StraceEvents.num;
import static dev.systrument.perfetto.StraceEvents.ok;
import static dev.systrument.perfetto.StraceEvents.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import dev.systrument.perfetto.DecodedTrace.Counter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, the counter tracks, on a listener sequence whose parallelism is known: make (pid 100)
 * spawns cc1 (101), cc2 (102) and as (104), cc2 starts a thread (103); at most 4 processes and 5
 * threads run at once. cc2's start (at 100.2) is reported after the later start of as (100.22), as
 * the tracker does for a child it held back until its spawn was known: counting in call order
 * would show 3 then 4 in the wrong places. Byte counters sum successful transfers only, per
 * process, threads included.
 */
class CounterTracksTest {
  static final Task MAKE = new Task(1, 1, 100, 100);
  static final Task CC1 = new Task(2, 2, 101, 101);
  static final Task CC2 = new Task(3, 3, 102, 102);
  static final Task WORKER = new Task(4, 3, 102, 103);
  static final Task AS = new Task(5, 4, 104, 104);

  static void build(ProcessListener l) {
    l.processStarted(MAKE, null, ns("100.000000"));
    SyscallEvent clone1 = call(100, "100.100000", "clone", List.of(), ok(101), "0.000050");
    l.processStarted(CC1, new Spawn(MAKE, 1, 100, clone1), ns("100.100000"));
    l.event(MAKE, clone1);
    // cc1: 4096 bytes read, EOF (0: nothing), EAGAIN (nothing), 12 written
    l.event(CC1, call(101, "100.150000", "read", List.of(fd(3, "/src/a.c"), str("int"), num(4096)), ok(4096), "0.000010"));
    l.event(CC1, call(101, "100.160000", "read", List.of(fd(3, "/src/a.c"), str(""), num(4096)), ok(0), "0.000010"));
    l.event(CC1, call(101, "100.165000", "read", List.of(fd(4, "pipe:[7]"), str(""), num(4096)),
        SyscallResult.error("EAGAIN", "Resource temporarily unavailable"), "0.000005"));
    l.event(CC1, call(101, "100.170000", "write", List.of(fd(1, "/dev/pts/0"), str("hello world\n"), num(12)), ok(12), null));
    // make goes on; cc2's start (at 100.2) is only known after this
    l.event(MAKE, call(100, "100.250000", "wait4", List.of(num(-1)), ok(101), "0.000100"));
    SyscallEvent clone3 = call(100, "100.220000", "clone", List.of(), ok(104), "0.000050");
    l.processStarted(AS, new Spawn(MAKE, 1, 100, clone3), ns("100.220000"));
    l.event(MAKE, clone3);
    SyscallEvent clone2 = call(100, "100.200000", "clone", List.of(), ok(102), "0.000050");
    l.processStarted(CC2, new Spawn(MAKE, 1, 100, clone2), ns("100.200000"));
    l.event(MAKE, clone2);
    l.threadStarted(WORKER, new Spawn(CC2, 3, 102, call(102, "100.300000", "clone3", List.of(), ok(103), null)), ns("100.300000"));
    // a thread's bytes are its process's: 100 written by the worker, then 1000 copied by the leader
    l.event(WORKER, call(103, "100.350000", "write", List.of(fd(5, "/obj/a.o"), str("x"), num(100)), ok(100), null));
    l.event(CC2, call(102, "100.360000", "copy_file_range", List.of(fd(6, "/obj/a.o"), fd(7, "/obj/b.o"), num(1000)), ok(1000), null));
    l.taskEnded(WORKER, new ExitStatus.Exited(0), ns("100.400000"));
    Scenarios.end(l, AS, exited(104, "100.450000", 0));
    Scenarios.end(l, CC1, exited(101, "100.500000", 0));
    Scenarios.end(l, CC2, exited(102, "100.600000", 0));
    Scenarios.end(l, MAKE, exited(100, "100.700000", 0));
    l.finished(new ProcessTree(List.of()));
  }

  @Test
  void processesAndThreadsRunning() {
    DecodedTrace t = DecodedTrace.decode(Scenarios.write(PerfettoOptions.DEFAULTS, CounterTracksTest::build));

    assertThat(t.countersOn(t.counterTrack("processes running", 0))).containsExactly(
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.000000", 1),
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.100000", 2),
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.200000", 3),
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.220000", 4),
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.450000", 3),
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.500000", 2),
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.600000", 1),
        counter(CounterTracks.PROCESSES_RUNNING_UUID, "100.700000", 0));
    assertThat(t.countersOn(t.counterTrack("threads running", 0))).extracting(Counter::value)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 4L, 3L, 2L, 1L, 0L);
    assertThat(t.tracks.get(CounterTracks.PROCESSES_RUNNING_UUID).getCounter().getUnit())
        .isEqualTo(dev.systrument.perfetto.proto.CounterDescriptor.Unit.UNIT_COUNT);
  }

  @Test
  void bytesReadAndWrittenPerProcess() {
    DecodedTrace t = DecodedTrace.decode(Scenarios.write(PerfettoOptions.DEFAULTS, CounterTracksTest::build));

    long cc1 = t.processTrack(101).getUuid();
    long cc2 = t.processTrack(102).getUuid();
    // at the end of each call (start + -T), only successful counts
    assertThat(t.countersOn(t.counterTrack("bytes read", cc1))).extracting(Counter::tsNs, Counter::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ns("100.150010"), 4096L));
    assertThat(t.countersOn(t.counterTrack("bytes written", cc1))).extracting(Counter::tsNs, Counter::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ns("100.170000"), 12L));
    // copy_file_range is read and written; the worker's write counts for its process
    assertThat(t.countersOn(t.counterTrack("bytes written", cc2))).extracting(Counter::value).containsExactly(100L, 1100L);
    assertThat(t.countersOn(t.counterTrack("bytes read", cc2))).extracting(Counter::value).containsExactly(1000L);
    // make and as moved no bytes: no byte tracks under them
    long make = t.processTrack(100).getUuid();
    long as = t.processTrack(104).getUuid();
    assertThat(t.tracks.values()).noneMatch(d -> d.hasCounter() && (d.getParentUuid() == make || d.getParentUuid() == as));
    assertThat(t.tracks.values()).filteredOn(d -> d.hasCounter() && d.getParentUuid() != 0)
        .allSatisfy(d -> assertThat(d.getCounter().getUnit())
            .isEqualTo(dev.systrument.perfetto.proto.CounterDescriptor.Unit.UNIT_SIZE_BYTES));
  }

  /**
   * A program reading one byte at a time: a value at most every millisecond per track (the first
   * at once), never going back in time, and the exact total at the process's end.
   */
  @Test
  void smallReadsGiveAValuePerMillisecondAndTheExactTotal() {
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, l -> {
      l.processStarted(MAKE, null, ns("100.000000"));
      for (int i = 0; i < 3000; i++) { // one read every µs for 3 ms
        l.event(MAKE, call(100, String.format("100.%06d", 100 + i), "read", List.of(fd(0, "/dev/zero"), str("\0"), num(1)), ok(1), null));
      }
      Scenarios.end(l, MAKE, exited(100, "100.005000", 0));
      l.finished(new ProcessTree(List.of()));
    });
    DecodedTrace t = DecodedTrace.decode(bytes);
    List<Counter> read = t.countersOn(t.counterTrack("bytes read", t.processTrack(100).getUuid()));
    assertThat(read).extracting(Counter::tsNs, Counter::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple(ns("100.000100"), 1L), // the first read, at once
        org.assertj.core.groups.Tuple.tuple(ns("100.001100"), 1001L), // 1 ms later
        org.assertj.core.groups.Tuple.tuple(ns("100.002100"), 2001L),
        org.assertj.core.groups.Tuple.tuple(ns("100.005000"), 3000L)); // the rest at the end
  }

  /**
   * 3,000 processes started a microsecond apart, all running until the end: per millisecond at
   * most four values (first, lowest, highest, last), each exact at its time; the peak and the end
   * are there.
   */
  @Test
  void manyChangesPerMillisecondAreDownsampledKeepingThePeak() {
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, l -> {
      for (int i = 0; i < 3000; i++) {
        l.processStarted(new Task(i + 1, i + 1, 1000 + i, 1000 + i), null, ns("100.000000") + i * 1000L);
      }
      for (int i = 0; i < 3000; i++) {
        Task t = new Task(i + 1, i + 1, 1000 + i, 1000 + i);
        l.taskEnded(t, ExitStatus.UNKNOWN, ns("100.010000"));
        l.processEnded(t, ExitStatus.UNKNOWN, ns("100.010000"));
      }
      l.finished(new ProcessTree(List.of()));
    });
    DecodedTrace t = DecodedTrace.decode(bytes);
    List<Counter> running = t.countersOn(CounterTracks.PROCESSES_RUNNING_UUID);
    assertThat(running).hasSizeLessThanOrEqualTo(4 * 4 + 1);
    for (Counter c : running) { // started at 100.000000 + (n - 1) µs, for n up to 3000
      long expected = c.tsNs() >= ns("100.010000") ? 0 : (c.tsNs() - ns("100.000000")) / 1000 + 1;
      assertThat(c.value()).as("at %d", c.tsNs()).isEqualTo(expected);
    }
    assertThat(running).extracting(Counter::value).contains(1L, 1000L, 1001L, 3000L).endsWith(0L);
  }

  @Test
  void theTraceStaysValid() {
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, CounterTracksTest::build);
    assertThat(DecodedTrace.decode(bytes).nestingErrors).isEmpty();
    PftraceValidator.assertStrictlyValid(bytes);
  }

  /** Ended before finished (an error stopped the input): close still writes the running counts. */
  @Test
  void closeWithoutFinishedWritesThemToo() {
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, l -> {
      l.processStarted(MAKE, null, ns("100.000000"));
      l.taskEnded(MAKE, new ExitStatus.Exited(0), ns("100.500000"));
      l.processEnded(MAKE, new ExitStatus.Exited(0), ns("100.500000"));
    });
    DecodedTrace t = DecodedTrace.decode(bytes);
    assertThat(t.countersOn(CounterTracks.PROCESSES_RUNNING_UUID)).extracting(Counter::value).containsExactly(1L, 0L);
  }

  private static Counter counter(long track, String seconds, long value) {
    return new Counter(track, ns(seconds), value);
  }
}
