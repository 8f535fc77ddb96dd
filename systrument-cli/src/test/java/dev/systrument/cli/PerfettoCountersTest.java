package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.perfetto.PftraceValidator;
import dev.systrument.perfetto.DecodedTrace;
import dev.systrument.perfetto.DecodedTrace.Counter;
import dev.systrument.perfetto.proto.TrackDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17, the Perfetto counters on real strace output: a live recording of a workload whose
 * parallelism is known ({@code sh} and two {@code sleep 0.2} at once: 3 processes at the peak),
 * and the corpus's parallel build, whose counters are checked against what {@code tree --json}
 * and {@code strace2json} say of the same log.
 */
class PerfettoCountersTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** The syscalls whose successful results the byte counters sum, spelled out here on purpose. */
  private static final Set<String> READS = Set.of("read", "pread64", "readv", "preadv", "preadv2", "recv", "recvfrom", "recvmsg");
  private static final Set<String> WRITES = Set.of("write", "pwrite64", "writev", "pwritev", "pwritev2", "send", "sendto", "sendmsg");
  private static final Set<String> COPIES = Set.of("sendfile", "sendfile64", "copy_file_range");

  @TempDir Path tmp;

  @Test
  void twoSleepsInTheBackgroundMakeThreeProcessesAtOnce() throws Exception {
    LiveStrace.assumeUsable();
    // --all: record's default traces process and file calls only, and the byte counters need read
    CliRun run = CliRun.run(tmp, "record", "--all", "--output-perfetto", "par.pftrace", "--", "sh", "-c", "sleep 0.2 & sleep 0.2 & wait");
    assertThat(run.exitCode()).as("%s", run).isZero();
    PftraceValidator.assertStrictlyValid(tmp.resolve("par.pftrace"));
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("par.pftrace")));

    List<Counter> processes = trace.countersOn(trace.counterTrack("processes running", 0));
    assertThat(processes).extracting(Counter::value).startsWith(1L).endsWith(0L);
    assertThat(processes.stream().mapToLong(Counter::value).max().orElseThrow()).as("peak").isEqualTo(3);
    // the peak lasts about as long as the sleeps: both started before either ended
    long peakStart = processes.stream().filter(c -> c.value() == 3).findFirst().orElseThrow().tsNs();
    long afterPeak = processes.stream().filter(c -> c.tsNs() > peakStart).findFirst().orElseThrow().tsNs();
    assertThat(afterPeak - peakStart).as("ns at 3 processes").isBetween(150_000_000L, 2_000_000_000L);
    assertThat(trace.countersOn(trace.counterTrack("threads running", 0))).extracting(Counter::value)
        .isEqualTo(processes.stream().map(Counter::value).toList()); // no threads besides each main one
    // each sleep read its shared libraries: a byte counter under each sleep's process track
    List<TrackDescriptor> sleeps = trace.processTracks().stream().filter(d -> d.getProcess().getProcessName().equals("sleep")).toList();
    assertThat(sleeps).hasSize(2).allSatisfy(sleep ->
        assertThat(trace.countersOn(trace.counterTrack("bytes read", sleep.getUuid()))).isNotEmpty());
  }

  /**
   * w07-build (make -j2, 18 processes): the running count at every moment is the number of
   * processes whose [start, end) of tree --json holds it, and each process's byte counters end at
   * the sum of its transfer results in strace2json.
   */
  @Test
  void theBuildsCountersAgreeWithTreeAndJson() throws IOException {
    Path log = Corpus.log("w07-build.C-full.strace");
    CliRun convert = CliRun.run(tmp, "strace2perfetto", log.toString(), "-o", "build.pftrace");
    assertThat(convert.exitCode()).as("%s", convert).isZero();
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("build.pftrace")));

    JsonNode tree = JSON.readTree(CliRun.run(tmp, "tree", "--json", log.toString()).out());
    List<long[]> spans = new ArrayList<>();
    tree.get("processes").forEach(p -> spans.add(new long[] {p.get("startNs").asLong(), p.get("endNs").asLong()}));
    List<Counter> running = trace.countersOn(trace.counterTrack("processes running", 0));
    assertThat(running).hasSizeGreaterThan(10);
    for (Counter c : running) {
      long alive = spans.stream().filter(s -> s[0] <= c.tsNs() && c.tsNs() < s[1]).count();
      assertThat(c.value()).as("processes running at %d", c.tsNs()).isEqualTo(alive);
    }
    assertThat(running.stream().mapToLong(Counter::value).max().orElseThrow()).as("make -j2's peak").isGreaterThanOrEqualTo(3);

    Map<Long, long[]> bytesByPid = new HashMap<>();
    for (String line : CliRun.run(tmp, "strace2json", log.toString()).out().split("\n")) {
      JsonNode e = JSON.readTree(line);
      if (!e.get("type").asString().equals("syscall") || e.get("result").isNull() || !e.get("result").has("value")
          || e.get("result").has("errno") || e.get("result").get("value").asLong() <= 0) {
        continue;
      }
      String name = e.get("name").asString();
      long[] sums = bytesByPid.computeIfAbsent(e.get("pid").asLong(), k -> new long[2]);
      long value = e.get("result").get("value").asLong();
      if (READS.contains(name) || COPIES.contains(name)) {
        sums[0] += value;
      }
      if (WRITES.contains(name) || COPIES.contains(name)) {
        sums[1] += value;
      }
    }
    assertThat(bytesByPid).isNotEmpty();
    for (TrackDescriptor process : trace.processTracks()) {
      long[] sums = bytesByPid.getOrDefault((long) process.getProcess().getPid(), new long[2]);
      assertThat(lastValue(trace, "bytes read", process.getUuid())).as("bytes read by %d", process.getProcess().getPid()).isEqualTo(sums[0]);
      assertThat(lastValue(trace, "bytes written", process.getUuid())).as("bytes written by %d", process.getProcess().getPid()).isEqualTo(sums[1]);
    }
  }

  /** The counter's last value, 0 when the process has no such track (it moved no bytes). */
  private static long lastValue(DecodedTrace trace, String name, long processUuid) {
    boolean present = trace.tracks.values().stream().anyMatch(d -> d.hasCounter() && d.getName().equals(name) && d.getParentUuid() == processUuid);
    if (!present) {
      return 0;
    }
    List<Counter> values = trace.countersOn(trace.counterTrack(name, processUuid));
    for (int i = 1; i < values.size(); i++) {
      assertThat(values.get(i).value()).as("%s only grows", name).isGreaterThanOrEqualTo(values.get(i - 1).value());
    }
    return values.get(values.size() - 1).value();
  }
}
