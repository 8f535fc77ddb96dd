package dev.systrument.perfetto;

import static dev.systrument.perfetto.PerfettoFields.Event;
import static dev.systrument.perfetto.PerfettoFields.Packet;
import static dev.systrument.perfetto.PerfettoFields.Track;

import dev.systrument.model.stats.RunningCounts;

/**
 * The trace's counter tracks (docs/perfetto.md, "Counters"): how many processes and how many
 * threads were running over time, one track each for the whole trace, which shows a build's
 * parallelism at a glance; and per process the bytes it read and wrote so far, two tracks under
 * its process track.
 *
 * <p>The running counts are kept as their changes ({@link RunningCounts}, the same sweep as
 * {@code stats}' parallelism) and written sorted, downsampled per millisecond
 * ({@link #RUNNING_WINDOW_NS}), once the input has ended: the tracker reports a task held back
 * until its spawn was known after later events, so counting in the order of the calls would show
 * wrong values between. That is 8 bytes per start and per end, less than the process tree the
 * tracker keeps anyway.
 *
 * <p>The byte counts are written as they grow, on the process's events: a value at most every
 * {@link #BYTES_INTERVAL_NS} per track (the last value before it is written at the next transfer or
 * at the process's end, so the final total is exact), never before the track's previous value.
 */
final class CounterTracks {
  /** Below every process track uuid (odd, from 3) and thread track uuid (even, from 4). */
  static final long PROCESSES_RUNNING_UUID = 1;
  static final long THREADS_RUNNING_UUID = 2;
  /** Byte counter uuids: a space of their own, 2 per process key. */
  private static final long BYTES_UUID_BASE = 1L << 62;

  /**
   * How often at most a byte counter gets a new value: 1 ms. A value per call adds a packet per
   * read or write; on a build that is 1% of the trace, but a program that reads in small pieces
   * ({@code dd bs=1}: 200,000 calls in a second) made its trace 46% larger. At 1 ms the curve
   * lags the calls by at most that, which a trace of seconds does not show, and the total at the
   * process's end stays exact. Measured in docs/performance.md.
   */
  static final long BYTES_INTERVAL_NS = 1_000_000;

  private final PacketStream stream;
  private final RunningCounts processes = new RunningCounts();
  private final RunningCounts threads = new RunningCounts();
  private boolean runningCountsWritten;

  CounterTracks(PacketStream stream) {
    this.stream = stream;
  }

  void processStarted(long ts) {
    processes.add(ts, true);
  }

  void processEnded(long ts) {
    processes.add(ts, false);
  }

  void taskStarted(long ts) {
    threads.add(ts, true);
  }

  void taskEnded(long ts) {
    threads.add(ts, false);
  }

  /** The bytes a process read or wrote so far, as one counter track under its process track. */
  static final class Bytes {
    final long uuid;
    final long processUuid;
    final String name;
    long total;
    long shownTotal;
    long shownAtNs = -1;

    private Bytes(long uuid, long processUuid, String name) {
      this.uuid = uuid;
      this.processUuid = processUuid;
      this.name = name;
    }
  }

  static Bytes bytesRead(long processKey, long processUuid) {
    return new Bytes(BYTES_UUID_BASE + processKey * 2, processUuid, "bytes read");
  }

  static Bytes bytesWritten(long processKey, long processUuid) {
    return new Bytes(BYTES_UUID_BASE + processKey * 2 + 1, processUuid, "bytes written");
  }

  /** {@code bytes} more at {@code ts}: the track is declared on its first bytes. */
  void add(Bytes counter, long ts, long bytes) {
    counter.total += bytes;
    if (counter.shownAtNs < 0) {
      describe(counter.uuid, counter.processUuid, counter.name, Track.UNIT_SIZE_BYTES, ts);
      show(counter, ts);
    } else if (ts - counter.shownAtNs >= BYTES_INTERVAL_NS) {
      show(counter, ts);
    }
  }

  /** The process ended: its last total, if not shown yet. */
  void flush(Bytes counter, long ts) {
    if (counter != null && counter.shownAtNs >= 0 && counter.total != counter.shownTotal) {
      show(counter, ts);
    }
  }

  private void show(Bytes counter, long ts) {
    long at = Math.max(ts, counter.shownAtNs);
    value(counter.uuid, at, counter.total);
    counter.shownTotal = counter.total;
    counter.shownAtNs = at;
  }

  /** The processes and threads running, over the whole trace; once, when the input has ended. */
  void writeRunningCounts() {
    if (runningCountsWritten) {
      return;
    }
    runningCountsWritten = true;
    write(processes, PROCESSES_RUNNING_UUID, "processes running");
    write(threads, THREADS_RUNNING_UUID, "threads running");
  }

  private void describe(long uuid, long parentUuid, String name, int unit, long ts) {
    ProtoBuffer p = stream.begin(ts);
    int descriptor = p.beginMessage(Packet.TRACK_DESCRIPTOR);
    p.uint64(Track.UUID, uuid);
    if (parentUuid != 0) {
      p.uint64(Track.PARENT_UUID, parentUuid);
    }
    p.string(Track.NAME, name);
    int counter = p.beginMessage(Track.COUNTER);
    p.uint64(Track.COUNTER_UNIT, unit);
    p.endMessage(counter);
    p.endMessage(descriptor);
    stream.end(false);
  }

  /** A TYPE_COUNTER event; values are never negative, so int64 is written as its varint. */
  private void value(long uuid, long ts, long value) {
    ProtoBuffer p = stream.begin(ts);
    int event = p.beginMessage(Packet.TRACK_EVENT);
    p.uint64(Event.TYPE, Event.TYPE_COUNTER);
    p.uint64(Event.TRACK_UUID, uuid);
    p.uint64(Event.COUNTER_VALUE, value);
    p.endMessage(event);
    stream.end(true);
  }

  /**
   * How finely the running counts are written: per millisecond window, at most the first, the
   * lowest, the highest and the last value in it, each at its own timestamp (M4 downsampling: a
   * line drawn from these is the line drawn from all of them, at any zoom down to the window). A
   * build changes its count far less often than that and loses nothing; a million processes
   * started within a second gives 4,000 values, not a million.
   */
  static final long RUNNING_WINDOW_NS = 1_000_000;

  /** Writes one running-count track: the count after each timestamp, downsampled per {@link #RUNNING_WINDOW_NS}. */
  private void write(RunningCounts counts, long uuid, String name) {
    if (counts.isEmpty()) {
      return;
    }
    describe(uuid, 0, name, Track.UNIT_COUNT, counts.firstTs());
    Window window = new Window(uuid);
    counts.sweep((ts, running) -> window.point(ts, Math.max(0, running)));
    window.flush();
  }

  /** The points of one window: first, lowest, highest, last; written in time order, each once. */
  private final class Window {
    private final long uuid;
    private long index = -1;
    private final long[] ts = new long[4];
    private final long[] value = new long[4];

    Window(long uuid) {
      this.uuid = uuid;
    }

    void point(long t, long v) {
      long at = t / RUNNING_WINDOW_NS;
      if (at != index) {
        flush();
        index = at;
        set(0, t, v); // first
        set(1, t, v); // lowest
        set(2, t, v); // highest
      } else {
        if (v < value[1]) {
          set(1, t, v);
        }
        if (v > value[2]) {
          set(2, t, v);
        }
      }
      set(3, t, v); // last
    }

    private void set(int slot, long t, long v) {
      ts[slot] = t;
      value[slot] = v;
    }

    void flush() {
      if (index < 0) {
        return;
      }
      long[] order = {ts[0], ts[1], ts[2], ts[3]};
      long[] values = {value[0], value[1], value[2], value[3]};
      // sort the four by time (insertion sort), then write each timestamp once
      for (int i = 1; i < 4; i++) {
        for (int j = i; j > 0 && order[j - 1] > order[j]; j--) {
          long t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
          long v = values[j]; values[j] = values[j - 1]; values[j - 1] = v;
        }
      }
      for (int i = 0; i < 4; i++) {
        if (i == 0 || order[i] != order[i - 1]) {
          value(uuid, order[i], values[i]);
        }
      }
      index = -1;
    }
  }
}
