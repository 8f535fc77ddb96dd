package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.stats.CriticalLink;
import dev.systrument.model.stats.TraceStats;
import dev.systrument.parser.Json;
import dev.systrument.parser.record.StraceRecorder;
import dev.systrument.parser.record.TraceReport;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats} on live workloads whose structure is known: the critical path and the parallelism
 * must be what the shell and make were told to do. Recorded with the library's one call, and the
 * raw log kept to check that {@code systrument stats} on it says the same.
 */
class StatsLiveTest {
  @TempDir Path tmp;

  /** sh starts a 0.2 s sleep in the background, runs a 0.5 s one, waits: 3 processes at the peak. */
  @Test
  void aBackgroundSleepAndAForegroundOne() throws Exception {
    LiveStrace.assumeUsable();
    Path log = tmp.resolve("sleeps.strace");
    TraceReport run = record(log, List.of("sh", "-c", "sleep 0.2 & sleep 0.5; wait"));
    TraceStats stats = run.stats();

    assertThat(run.exitCode()).isZero();
    assertThat(stats.criticalPrograms()).containsExactly("sh", "sleep");
    CriticalLink sleep = stats.criticalPath().get(1);
    assertThat(sleep.image().arguments()).containsExactly("sleep", "0.5");
    assertThat(sleep.durationNs()).isBetween(500_000_000L, 1_500_000_000L);
    assertThat(stats.parallelism().peak()).isEqualTo(3);
    // 0.2 s with three processes, then 0.3 s with two (sh and the long sleep): about 2.4
    assertThat(stats.parallelism().mean()).isBetween(1.8, 3.0);
    assertThat(stats.parallelism().serialNs()).isLessThan(200_000_000L);
    assertThat(stats.wallNs()).isBetween(500_000_000L, 2_000_000_000L);
    assertThat(stats.program("sleep").runs()).isEqualTo(2);
    assertThat(stats.program("sleep").maxNs()).isGreaterThanOrEqualTo(500_000_000L);

    Map<String, Object> json = statsJson(log);
    assertThat(json.get("processes")).isEqualTo(3L);
    assertThat(((Map<?, ?>) json.get("parallelism")).get("peak")).isEqualTo(3L);
    assertThat(((List<?>) json.get("criticalPath"))).hasSize(2);
  }

  /**
   * A make -j2 of two targets, one slow and one fast, then a third that needs both: the path goes
   * through the slow one and the last recipe, not the fast one.
   */
  @Test
  void aSmallParallelMakeBuild() throws Exception {
    LiveStrace.assumeUsable();
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("Makefile"), """
        all.txt: slow.txt fast.txt
        \tcat slow.txt fast.txt > all.txt
        slow.txt:
        \tsleep 0.4; echo slow > slow.txt
        fast.txt:
        \tsleep 0.1; echo fast > fast.txt
        """);
    Path log = tmp.resolve("make.strace");
    TraceReport run = record(log, List.of("make", "-j2", "-C", project.toString()));
    TraceStats stats = run.stats();

    assertThat(run.exitCode()).isZero();
    assertThat(run.programs()).contains("make", "sleep", "cat").filteredOn("sleep"::equals).hasSize(2);
    // make waited last for the cat recipe, and before it started, for the slow recipe's shell
    // (the fast one had ended before the slow one's end). dash forks for the cat (a redirection);
    // a shell that execs it in place would give one link less, hence no exact list for that part.
    assertThat(stats.criticalPrograms()).startsWith("make", "sh", "sleep").endsWith("cat");
    assertThat(stats.criticalPath().get(2).image().arguments()).containsExactly("sleep", "0.4");
    assertThat(stats.criticalPath()).extracting(CriticalLink::depth).startsWith(0, 1, 2, 1);
    assertThat(stats.criticalPath()).noneMatch(l -> l.image() != null && l.image().arguments().contains("0.1"));
    // make, two recipe shells and their sleeps
    assertThat(stats.parallelism().peak()).isEqualTo(5);
    assertThat(stats.failures().exits()).isEmpty();
    assertThat(run.files().writtenUnder(project))
        .containsExactly(project.resolve("all.txt"), project.resolve("fast.txt"), project.resolve("slow.txt"));
    assertThat(run.files().readBy("cat")).contains(project.resolve("fast.txt"), project.resolve("slow.txt"));

    Map<String, Object> json = statsJson(log);
    assertThat(((List<?>) json.get("criticalPath"))).hasSameSizeAs(stats.criticalPath());
    assertThat(((Map<?, ?>) json.get("parallelism")).get("peak")).isEqualTo(5L);
    CliRun text = CliRun.run(tmp, "stats", log.toString());
    assertThat(text.out()).contains("sleep 0.4").contains("peak        5 processes at once");
  }

  private static TraceReport record(Path log, List<String> command) throws Exception {
    try (OutputStream raw = Files.newOutputStream(log)) {
      return StraceRecorder.builder().rawOutput(raw).build().run(command);
    }
  }

  private Map<String, Object> statsJson(Path log) {
    CliRun run = CliRun.run(tmp, "stats", "--json", log.toString());
    assertThat(run.exitCode()).as("%s", run).isZero();
    return Json.parseObject(run.out().strip());
  }

}
