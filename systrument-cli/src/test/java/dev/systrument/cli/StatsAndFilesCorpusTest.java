package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.parser.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code stats} and {@code files} on every corpus log, in text and JSON: they run cleanly, agree
 * with the independent extractor's truth where it has the figure (processes, threads, failed execs,
 * exits, syscall records), and every format of one workload lists the same files.
 */
class StatsAndFilesCorpusTest {

  static Stream<Arguments> corpus() {
    return Corpus.logs().stream().map(p -> Arguments.of(p.getFileName().toString(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void statsAgreesWithTheTruthFile(String name, Path log) {
    Corpus.Truth truth = Corpus.truth(log);
    CliRun text = CliRun.run(log.getParent(), "stats", name);
    assertThat(text.exitCode()).as("%s", text).isZero();
    assertThat(text.out()).contains("wall time", "Programs by runs", "Parallelism", "Critical path", "Failures", "Syscalls by program");

    CliRun run = CliRun.run(log.getParent(), "stats", "--json", name);
    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Object> stats = Json.parseObject(run.out().strip());
    assertThat(stats.get("processes")).isEqualTo((long) truth.processes().size());
    assertThat(stats.get("threads")).isEqualTo((long) truth.threads().size());

    long failedExecs = truth.execveFailed().values().stream().mapToLong(List::size).sum();
    Map<String, Object> failures = object(stats.get("failures"));
    assertThat(objects(failures.get("failedExecs")).stream().mapToLong(e -> (Long) e.get("count")).sum())
        .as("failed execs").isEqualTo(failedExecs);
    List<Long> failedPids = new ArrayList<>();
    for (Long pid : truth.processes()) {
      // as in CorpusTruthTest: without a `+++ exited` line (--quiet=exit) the status is the task's
      // own exit_group argument
      Map<String, Object> exit = CorpusTruthTest.treeJsonExit(truth.exit().get(Long.toString(pid)),
          truth.exitUnreported().get(Long.toString(pid)));
      if (exit != null && (exit.containsKey("signal") || !Long.valueOf(0).equals(exit.get("code")))) {
        failedPids.add(pid);
      }
    }
    assertThat(objects(failures.get("exits")).stream().map(e -> (Long) e.get("pid")).toList())
        .as("processes that did not exit 0").containsExactlyInAnyOrderElementsOf(failedPids);

    long calls = objects(stats.get("syscalls")).stream().mapToLong(p -> (Long) p.get("calls")).sum();
    assertThat(calls).as("syscalls counted over all programs").isEqualTo(truth.syscallRecords());

    List<Map<String, Object>> path = objects(stats.get("criticalPath"));
    assertThat(path).isNotEmpty();
    assertThat(path.get(0).get("depth")).isEqualTo(0L);
    Map<String, Object> parallelism = object(stats.get("parallelism"));
    assertThat((Long) parallelism.get("peak")).isBetween(1L, (long) truth.processes().size());

    boolean timed = !stats.get("timestamps").equals("none");
    if (timed) {
      assertThat((Long) stats.get("wallNs")).isPositive();
      assertThat((Double) parallelism.get("mean")).isBetween(1.0, (double) (Long) parallelism.get("peak"));
    } else {
      // No timestamps: the figures that need them are null, and the text says why, never 0.
      assertThat(stats.get("wallNs")).isNull();
      assertThat(parallelism.get("mean")).isNull();
      assertThat(path.get(0).get("durationNs")).isNull();
      assertThat(objects(stats.get("programs"))).allSatisfy(p -> assertThat(p.get("totalNs")).isNull());
      assertThat(text.out()).contains("wall time   unknown").contains("no timestamps");
    }
    if (!(Boolean) stats.get("syscallTimes")) {
      assertThat(text.out()).contains("the log has no -T");
      assertThat(text.out().lines().filter(l -> l.strip().startsWith("syscall ")))
          .as("syscall table headers").isNotEmpty().noneMatch(l -> l.contains("total") || l.contains("mean"));
      objects(stats.get("syscalls")).forEach(p -> assertThat(p.get("totalNs")).isNull());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void filesResolvesEveryPathOfEveryLog(String name, Path log) {
    CliRun text = CliRun.run(log.getParent(), "files", name);
    assertThat(text.exitCode()).as("%s", text).isZero();
    CliRun run = CliRun.run(log.getParent(), "files", "--json", name);
    assertThat(run.exitCode()).as("%s", run).isZero();
    List<Map<String, Object>> paths = objects(Json.parseObject(run.out().strip()).get("paths"));
    assertThat(paths).isNotEmpty();
    if (paths.stream().anyMatch(p -> !Boolean.TRUE.equals(p.get("absolute")))) {
      // The log never shows the starting directory (w05b G7: `execve("./bin/cthreads")`, no -y, no
      // getcwd): the summary says so, and --cwd resolves every path.
      assertThat(text.err()).contains("stay relative: the traced command's starting directory is not in the log (give --cwd)");
      run = CliRun.run(log.getParent(), "files", "--json", "--cwd", "/tmp/corpuswork", name);
      assertThat(run.exitCode()).as("%s", run).isZero();
      paths = objects(Json.parseObject(run.out().strip()).get("paths"));
    }
    // The other corpus commands start with an absolute exec and cd to absolute directories, or
    // strace printed -y: every relative path found its directory.
    assertThat(paths).allSatisfy(p -> assertThat(p.get("absolute")).as("%s", p.get("path")).isEqualTo(true));
    assertThat(paths).allSatisfy(p -> assertThat(strings(p.get("accesses"))).isNotEmpty());
    assertThat(text.out().lines().count()).isEqualTo(paths.size() + 1L); // a header, then a line per path
  }

  /**
   * What was touched does not depend on how strace printed it: every format of one workload (the
   * -k logs trace only a few syscalls) gives the same paths with the same accesses.
   */
  @Test
  void everyFormatOfAWorkloadListsTheSameFiles() {
    Map<String, Map<String, List<String>>> byWorkload = new LinkedHashMap<>();
    for (Path log : Corpus.logs()) {
      String name = log.getFileName().toString();
      if (name.contains("I-stack") || name.startsWith("w07") || name.startsWith("w05")) {
        continue; // w07 and w05: the formats are separate runs (temporary names, thread timing differ)
      }
      String workload = name.substring(0, name.indexOf('.'));
      Map<String, List<String>> files = accessesByPath(log);
      Map<String, List<String>> first = byWorkload.putIfAbsent(workload, files);
      if (first != null) {
        assertThat(files).as("files of %s against the first format of %s", name, workload).isEqualTo(first);
      }
    }
    assertThat(byWorkload).containsKeys("w01-pipeline", "w02-nested-exit", "w11-pyspawn");
  }

  /** The corpus's build: a make -j2 of four objects and a link, then the tests run the program. */
  @Test
  void theBuildLogsCriticalPathParallelismAndOutputs() {
    Path log = Corpus.log("w07-build.C-full.strace");
    Map<String, Object> stats = Json.parseObject(CliRun.run(log.getParent(), "stats", "--json", log.toString()).out().strip());
    List<String> path = objects(stats.get("criticalPath")).stream().map(l -> (String) l.get("program")).toList();
    // make ran the four compiles, the link and the test one after the other as far as its end
    // is concerned: each is the child that ended last before the next one started.
    assertThat(path).containsExactly(
        "make", "gcc", "cc1", "as", "gcc", "cc1", "as", "gcc", "cc1", "as", "gcc", "collect2", "ld", "sh", "app");
    assertThat(object(stats.get("parallelism")).get("peak")).isEqualTo(5L); // make + 2 × (gcc + cc1/as)
    Map<String, Object> gcc = objects(stats.get("programs")).stream().filter(p -> p.get("name").equals("gcc")).findFirst().orElseThrow();
    assertThat(gcc.get("runs")).isEqualTo(5L);
    assertThat(objects(object(stats.get("failures")).get("failedExecs")))
        .allSatisfy(e -> assertThat(e.get("errno")).isEqualTo("ENOENT"))
        .extracting(e -> e.get("path"))
        .containsExactlyInAnyOrder("/usr/local/sbin/as", "/usr/local/bin/as", "/usr/sbin/as");

    CliRun written = CliRun.run(log.getParent(), "files", "--written", "--under", "/tmp/corpuswork", log.toString());
    assertThat(written.out().lines().skip(1).map(l -> l.split(" +")[0]))
        .containsExactly(
            "/tmp/corpuswork/proj7/app", "/tmp/corpuswork/proj7/app.out", "/tmp/corpuswork/proj7/main.o",
            "/tmp/corpuswork/proj7/mathx.o", "/tmp/corpuswork/proj7/strs.o", "/tmp/corpuswork/proj7/util.o");
    CliRun compilerInputs = CliRun.run(log.getParent(), "files", "--read", "--program", "cc1", "--under", "/tmp/corpuswork", log.toString());
    assertThat(compilerInputs.out().lines().skip(1).map(l -> l.split(" +")[0]))
        .containsExactly(
            "/tmp/corpuswork/proj7/common.h", "/tmp/corpuswork/proj7/main.c", "/tmp/corpuswork/proj7/mathx.c",
            "/tmp/corpuswork/proj7/strs.c", "/tmp/corpuswork/proj7/util.c");
  }

  private static Map<String, List<String>> accessesByPath(Path log) {
    CliRun run = CliRun.run(log.getParent(), "files", "--json", log.getFileName().toString());
    Map<String, List<String>> byPath = new LinkedHashMap<>();
    for (Map<String, Object> p : objects(Json.parseObject(run.out().strip()).get("paths"))) {
      byPath.put((String) p.get("path"), strings(p.get("accesses")));
    }
    return byPath;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    return (List<String>) o;
  }
}
