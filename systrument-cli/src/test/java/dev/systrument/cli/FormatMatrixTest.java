package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.perfetto.PftraceValidator;
import dev.systrument.otel.OtlpReceiver;
import dev.systrument.parser.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 item 4: the strace flag combinations users type, recorded live with the installed
 * strace (skipped where it cannot trace), over small workloads whose process tree is known: a
 * pipeline, a threaded C program (compiled here; skipped without {@code cc}), a failing exec, a
 * signal death. Not the cartesian product: a pairwise covering set ({@link PairwiseCover}), so
 * every value of every flag meets every value of every other flag and every workload at least
 * once. Each case asserts the tree ({@code tree --json}: processes, parents, exec argv, exits,
 * threads), that {@code check} finds 0 problems, and that {@code strace2perfetto} and
 * {@code strace2otel} (to a receiver in this JVM) exit 0. docs/formats.md has the table of what
 * each flag does to what is read; {@code -p} is {@link AttachMatrixTest}.
 */
class FormatMatrixTest {
  @TempDir static Path tmp;
  static OtlpReceiver receiver;
  private static int caseNo;

  /** The flag dimensions and their values, as typed (an empty string: the flag not given). */
  static final Map<String, List<String>> DIMENSIONS = dimensions();

  private static Map<String, List<String>> dimensions() {
    Map<String, List<String>> d = new java.util.LinkedHashMap<>();
    d.put("workload", List.of("pipeline", "threads", "failexec", "signal"));
    d.put("follow", List.of("-f", ""));
    d.put("output", List.of("-o", "stderr", "-ff"));
    d.put("time", List.of("-ttt", "-tt", "-t", "-r", ""));
    d.put("T", List.of("-T", ""));
    d.put("y", List.of("", "-y", "-yy"));
    d.put("Y", List.of("", "-Y"));
    d.put("v", List.of("", "-v"));
    d.put("k", List.of("", "-k"));
    d.put("seccomp", List.of("", "--seccomp-bpf", "--seccomp-bpf -e trace=process,file"));
    d.put("status", List.of("", "-e status=!unfinished", "-z", "-Z"));
    return d;
  }

  @BeforeAll
  static void setUp() throws IOException {
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  static void tearDown() {
    receiver.close();
  }

  static Stream<Arguments> cases() {
    // -ff writes one file per task and so implies -f: without -f it is the same case as with it.
    List<Map<String, String>> cover = PairwiseCover.of(DIMENSIONS,
        c -> !("-ff".equals(c.get("output")) && "".equals(c.get("follow"))));
    return cover.stream().map(c -> Arguments.of(describe(c), c));
  }

  static String describe(Map<String, String> c) {
    List<String> flags = new ArrayList<>(straceFlags(c, "FILE"));
    return c.get("workload") + ": strace " + String.join(" ", flags)
        + (c.get("output").equals("stderr") ? " -- CMD 2>FILE" : " -- CMD");
  }

  /** The strace command line of a case, writing to {@code file} (a prefix for -ff). */
  static List<String> straceFlags(Map<String, String> c, String file) {
    List<String> flags = new ArrayList<>();
    for (String dimension : List.of("follow", "time", "T", "y", "Y", "v", "k", "seccomp", "status")) {
      String value = c.get(dimension);
      if (!value.isEmpty()) {
        flags.addAll(List.of(value.split(" ")));
      }
    }
    if (c.get("output").equals("-o")) {
      flags.addAll(List.of("-o", file));
    } else if (c.get("output").equals("-ff")) {
      flags.addAll(List.of("-ff", "-o", file));
    }
    return flags;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCombinationReadsWithTheKnownTree(String description, Map<String, String> c) throws Exception {
    LiveStrace.assumeUsable();
    Workload workload = Workload.named(c.get("workload"), tmp);
    Path dir = Files.createDirectories(tmp.resolve("case" + (++caseNo)));
    boolean ff = c.get("output").equals("-ff");
    String log = ff ? "ff" : "trace.strace";
    if (ff) {
      Files.createDirectories(dir.resolve("ff"));
    }
    List<String> command = new ArrayList<>(List.of("strace"));
    command.addAll(straceFlags(c, dir.resolve(ff ? "ff/trace" : log).toString()));
    command.add("--");
    command.addAll(workload.command());
    ProcessBuilder builder = new ProcessBuilder(command).directory(workload.directory().toFile());
    builder.environment().clear();
    builder.environment().putAll(Workload.ENVIRONMENT);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(c.get("output").equals("stderr")
        ? ProcessBuilder.Redirect.to(dir.resolve(log).toFile()) : ProcessBuilder.Redirect.DISCARD);
    Process strace = builder.start();
    assertThat(strace.waitFor(30, TimeUnit.SECONDS)).as("strace finished").isTrue();

    CliRun check = CliRun.run(dir, "check", log);
    assertThat(check.exitCode()).as("check %s\n%s", description, check).isZero();
    assertThat(check.err()).as("check %s", description).contains("; 0 problems");

    CliRun tree = CliRun.run(dir, "tree", "--json", log);
    assertThat(tree.exitCode()).as("tree %s\n%s", description, tree).isZero();
    List<String> expected = workload.expectedTree(Expectation.of(c));
    assertThat(TreeShape.of(Json.parseObject(tree.out().strip()))).as("tree of %s (in %s)", description, dir)
        .isEqualTo(expected);

    CliRun perfetto = CliRun.run(dir, "strace2perfetto", log, "-o", "out.pftrace");
    assertThat(perfetto.exitCode()).as("strace2perfetto %s\n%s", description, perfetto).isZero();
    PftraceValidator.assertStrictlyValid(dir.resolve("out.pftrace"));

    CliRun otel = CliRun.run(dir, "strace2otel", log, "--endpoint", receiver.baseUrl());
    assertThat(otel.exitCode()).as("strace2otel %s\n%s", description, otel).isZero();
  }

  /** What a case's flags let strace show, for the workloads' expected trees. */
  record Expectation(boolean followed, boolean failedCallsOnly) {
    static Expectation of(Map<String, String> c) {
      return new Expectation(!c.get("follow").isEmpty() || c.get("output").equals("-ff"), c.get("status").equals("-Z"));
    }
  }

  /**
   * A tree as comparable lines, one per process, sorted: its exec chain (argv of each image, or
   * {@code (no exec)}), its parent's, its exit and its thread count. Pids differ per run; the
   * shape does not.
   */
  static final class TreeShape {
    static List<String> of(Map<String, Object> tree) {
      List<Map<String, Object>> processes = CorpusTruthTest.listOfObjects(tree.get("processes"));
      Map<Object, String> chainByPid = new HashMap<>();
      for (Map<String, Object> p : processes) {
        chainByPid.put(p.get("pid"), chain(p));
      }
      List<String> lines = new ArrayList<>();
      for (Map<String, Object> p : processes) {
        Object parent = p.get("parentPid");
        lines.add(line(chainByPid.get(p.get("pid")), parent == null ? null : chainByPid.getOrDefault(parent, "?"),
            exit(p.get("exit")), ((List<?>) p.get("threads")).size()));
      }
      Collections.sort(lines);
      return lines;
    }

    static String line(String chain, String parentChain, String exit, int threads) {
      return chain + " | parent " + (parentChain == null ? "none" : parentChain) + " | " + exit
          + (threads > 0 ? " | " + threads + " threads" : "");
    }

    private static String chain(Map<String, Object> p) {
      List<String> images = new ArrayList<>();
      for (Map<String, Object> e : CorpusTruthTest.listOfObjects(p.get("execs"))) {
        images.add(String.join(" ", (List<String>) e.get("argv")));
      }
      return images.isEmpty() ? "(no exec)" : String.join(" → ", images);
    }

    @SuppressWarnings("unchecked")
    private static String exit(Object exit) {
      if (!(exit instanceof Map<?, ?> m)) {
        return "exit ?";
      }
      Map<String, Object> e = (Map<String, Object>) m;
      return e.containsKey("code") ? "exit " + e.get("code") : "killed by " + e.get("signal");
    }
  }

  /** The workloads, with the tree each is known to make. */
  record Workload(String name, List<String> command, Path directory, List<Proc> processes) {
    static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", "/tmp");

    /** One process the workload makes: its exec chain, its parent (an index, -1 for the root), its exit. */
    record Proc(List<String> execs, int parent, String exit, int threads) {}

    static Workload named(String name, Path tmp) throws IOException, InterruptedException {
      return switch (name) {
        case "pipeline" -> new Workload(name, List.of("sh", "-c", "echo hi|tr a-z A-Z|wc -c"), tmp, List.of(
            new Proc(List.of("sh -c echo hi|tr a-z A-Z|wc -c"), -1, "exit 0", 0),
            new Proc(List.of(), 0, "exit 0", 0), // echo is a builtin: the child runs sh
            new Proc(List.of("tr a-z A-Z"), 0, "exit 0", 0),
            new Proc(List.of("wc -c"), 0, "exit 0", 0)));
        case "threads" -> new Workload(name, List.of("./threads"), ThreadsProgram.directory(tmp), List.of(
            new Proc(List.of("./threads"), -1, "exit 0", 3)));
        case "failexec" -> new Workload(name, List.of("sh", "-c", "/nonexistent/cmd; /bin/true"), tmp, List.of(
            new Proc(List.of("sh -c /nonexistent/cmd; /bin/true"), -1, "exit 0", 0),
            new Proc(List.of(), 0, "exit 127", 0), // its execve fails: it exits 127 running sh
            new Proc(List.of("/bin/true"), 0, "exit 0", 0)));
        case "signal" -> new Workload(name, List.of("sh", "-c", "sh -c 'kill -TERM $$'; exit 5"), tmp, List.of(
            new Proc(List.of("sh -c sh -c 'kill -TERM $$'; exit 5"), -1, "exit 5", 0),
            new Proc(List.of("sh -c kill -TERM $$"), 0, "killed by SIGTERM", 0)));
        default -> throw new IllegalArgumentException(name);
      };
    }

    /**
     * The tree strace shows of this workload. Without -f only the first process is traced: the
     * children and threads its clone calls return are known, but nothing they did. With -Z only
     * failed calls are printed: no spawn and no successful exec, so every task is a root of its
     * own with the exit its +++ line gives (docs/formats.md).
     */
    List<String> expectedTree(Expectation e) {
      if (e.failedCallsOnly()) {
        // Only the +++ lines tell of the tasks that did not fail a call: each is a root of its own.
        List<String> lines = new ArrayList<>();
        for (Proc p : processes) {
          if (e.followed() || p.parent() < 0) {
            lines.add(TreeShape.line("(no exec)", null, p.exit(), 0));
            for (int t = 0; e.followed() && t < p.threads(); t++) {
              lines.add(TreeShape.line("(no exec)", null, "exit 0", 0));
            }
          }
        }
        Collections.sort(lines);
        return lines;
      }
      List<String> chains = new ArrayList<>();
      for (Proc p : processes) {
        chains.add(e.followed() || p.parent() < 0 ? chainText(p.execs()) : "(no exec)");
      }
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        Proc p = processes.get(i);
        String exit = e.followed() || p.parent() < 0 ? p.exit() : "exit ?";
        lines.add(TreeShape.line(chains.get(i), p.parent() < 0 ? null : chains.get(p.parent()), exit, p.threads()));
      }
      Collections.sort(lines);
      return lines;
    }

    private static String chainText(List<String> execs) {
      return execs.isEmpty() ? "(no exec)" : String.join(" → ", execs);
    }
  }

  /** The threaded workload: a C program with three threads, compiled once with cc. */
  static final class ThreadsProgram {
    private static Path built;

    static synchronized Path directory(Path tmp) throws IOException, InterruptedException {
      if (built == null) {
        Path dir = Files.createDirectories(tmp.resolve("threads"));
        Files.writeString(dir.resolve("threads.c"), """
            #include <pthread.h>
            static void *work(void *arg) { return arg; }
            int main(void) {
              pthread_t t[3];
              for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, work, 0);
              for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
              return 0;
            }
            """);
        Process cc;
        try {
          cc = new ProcessBuilder("cc", "-O", "-pthread", "-o", "threads", "threads.c").directory(dir.toFile())
              .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
          cc = null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(cc != null && cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0,
            "no C compiler (cc) to build the threaded workload");
        built = dir;
      }
      return built;
    }
  }

}
