package dev.systrument.cli;

import dev.systrument.parser.Json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #3's acceptance test: for every log of the corpus (strace 6.1 and 7.2, -ff directories
 * included), {@code tree --json} agrees with the independent extractor's {@code .truth.json} on
 * processes, parents, threads, successful execs, exit statuses and the line and syscall counts.
 * Expectations are read from the truth files, never copied into this test.
 */
class CorpusTruthTest {

  static Stream<Arguments> corpus() {
    return Corpus.logs().stream().map(p -> Arguments.of(Corpus.name(p), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void treeJsonAgreesWithTheTruthFile(String name, Path log) {
    Corpus.Truth truth = Corpus.truth(log);
    CliRun run = CliRun.run(log.getParent(), "tree", "--json", log.getFileName().toString());
    assertThat(run.exitCode()).as("exit code of tree --json %s\n%s", name, run).isZero();
    Map<String, Object> tree = Json.parseObject(run.out().strip());
    List<Map<String, Object>> processes = listOfObjects(tree.get("processes"));

    // Processes, in order of first appearance: the set must be the truth's.
    assertThat(processes).extracting(p -> (Long) p.get("pid"))
        .as("processes").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(truth.processes());

    // Parents: roots have parentPid null, everything else hangs where the truth says.
    assertThat(processes.stream().filter(p -> p.get("parentPid") == null).map(p -> (Long) p.get("pid")).toList())
        .as("roots").containsExactlyInAnyOrderElementsOf(truth.roots());
    Map<Long, TreeSet<Long>> children = new TreeMap<>();
    for (Map<String, Object> p : processes) {
      if (p.get("parentPid") != null) {
        children.computeIfAbsent((Long) p.get("parentPid"), k -> new TreeSet<>()).add((Long) p.get("pid"));
      }
    }
    Map<Long, TreeSet<Long>> expectedChildren = new TreeMap<>();
    truth.processTree().forEach((parent, kids) -> {
      if (!kids.isEmpty()) {
        expectedChildren.put(Long.parseLong(parent), new TreeSet<>(kids));
      }
    });
    assertThat(children).as("process_tree (parent -> children)").isEqualTo(expectedChildren);

    // Threads: every non-leader task, in the thread group the truth says.
    Map<Long, Long> threadGroup = new TreeMap<>();
    for (Map<String, Object> p : processes) {
      for (Object tid : (List<?>) p.get("threads")) {
        assertThat(threadGroup.put((Long) tid, (Long) p.get("pid"))).as("thread %s listed twice", tid).isNull();
      }
    }
    Map<Long, Long> expectedThreadGroup = new TreeMap<>();
    truth.threadGroup().forEach((tid, leader) -> expectedThreadGroup.put(Long.parseLong(tid), leader));
    assertThat(threadGroup.keySet()).as("threads").containsExactlyInAnyOrderElementsOf(truth.threads());
    assertThat(threadGroup).as("thread_group (tid -> leader)").isEqualTo(expectedThreadGroup);

    // Successful execs per pid, in order, with path and argv (an exec from a non-leader thread
    // is the leader's: the truth credits it to the thread group leader, and so does the tree).
    Map<Long, List<Map<String, Object>>> execs = new TreeMap<>();
    for (Map<String, Object> p : processes) {
      List<Map<String, Object>> chain = new ArrayList<>();
      for (Map<String, Object> e : listOfObjects(p.get("execs"))) {
        Map<String, Object> pathAndArgv = new LinkedHashMap<>();
        pathAndArgv.put("path", e.get("path"));
        pathAndArgv.put("argv", e.get("argv"));
        chain.add(pathAndArgv);
      }
      if (!chain.isEmpty()) {
        execs.put((Long) p.get("pid"), chain);
      }
    }
    Map<Long, List<Map<String, Object>>> expectedExecs = new TreeMap<>();
    truth.execve().forEach((pid, chain) -> {
      List<Map<String, Object>> expected = new ArrayList<>();
      for (Map<String, Object> e : chain) {
        Map<String, Object> pathAndArgv = new LinkedHashMap<>();
        pathAndArgv.put("path", e.get("path"));
        pathAndArgv.put("argv", e.get("argv"));
        expected.add(pathAndArgv);
      }
      expectedExecs.put(Long.parseLong(pid), expected);
    });
    assertThat(execs).as("execve (successful execs per pid)").isEqualTo(expectedExecs);

    // Exit status of every process (the truth also lists threads' exits; the tree has processes).
    // Where strace printed no `+++ exited` line (--quiet=exit), the status is the task's own
    // exit_group/exit argument.
    Map<Long, Object> exits = new TreeMap<>();
    Map<Long, Object> expectedExits = new TreeMap<>();
    for (Map<String, Object> p : processes) {
      Long pid = (Long) p.get("pid");
      exits.put(pid, p.get("exit"));
      expectedExits.put(pid, treeJsonExit(truth.exit().get(Long.toString(pid)),
          truth.exitUnreported().get(Long.toString(pid))));
    }
    assertThat(exits).as("exit statuses").isEqualTo(expectedExits);

    // Counts: physical lines, logical syscall records, and no problem at all.
    Map<String, Object> summary = object(tree.get("summary"));
    assertThat(summary.get("lines")).as("summary.lines").isEqualTo(truth.lines());
    assertThat(summary.get("syscalls")).as("summary.syscalls").isEqualTo(truth.syscallRecords());
    assertThat(summary.get("problems")).as("summary.problems\n%s", run.err()).isEqualTo(0L);
  }

  /**
   * The reorder window only changes the order events are delivered in, never which: with a window
   * of one event, calls split by {@code <unfinished ...>} leave the window before they complete,
   * which is what happens in a large build log to make's {@code wait4} with the default window.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void aSmallReorderWindowChangesNoCount(String name, Path log) {
    Corpus.Truth truth = Corpus.truth(log);

    CliRun run = CliRun.run(log.getParent(), "tree", "--json", "--reorder-window", "1", log.getFileName().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Object> summary = object(Json.parseObject(run.out()).get("summary"));
    assertThat(summary.get("syscalls")).as("summary.syscalls with --reorder-window 1").isEqualTo(truth.syscallRecords());
    assertThat(summary.get("lines")).isEqualTo(truth.lines());
  }

  /**
   * The truth's exit ({@code {"exited":3}}, {@code {"killed":"SIGTERM","core_dumped":false}}) in
   * tree --json's spelling ({@code {"code":3}}, {@code {"signal":"SIGTERM","coreDumped":false}}).
   */
  static Map<String, Object> treeJsonExit(Map<String, Object> truthExit, Map<String, Long> unreported) {
    if (truthExit == null) {
      if (unreported == null || unreported.isEmpty()) {
        return null;
      }
      return Map.of("code", unreported.values().iterator().next());
    }
    Map<String, Object> exit = new LinkedHashMap<>();
    if (truthExit.containsKey("exited")) {
      exit.put("code", truthExit.get("exited"));
    } else {
      exit.put("signal", truthExit.get("killed"));
      exit.put("coreDumped", truthExit.get("core_dumped"));
    }
    return exit;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> listOfObjects(Object value) {
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }
}
