package dev.systrument.cli;

import dev.systrument.parser.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shared corpus (testdata/corpus): real strace 6.1 logs in 9 formats and, under {@code v7/},
 * strace 7.2 logs in 8, each with the {@code .truth.json} an independent extractor wrote. A log is
 * a file {@code NAME.strace} or an {@code -ff} directory {@code NAME.F-ff/}; its truth is
 * {@code NAME.strace.truth.json} or {@code NAME.F-ff.truth.json}.
 */
final class Corpus {
  private Corpus() {}

  /** The repository root: surefire's {@code systrument.repoRoot}, else the module's parent. */
  static Path repoRoot() {
    String root = System.getProperty("systrument.repoRoot");
    return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
  }

  static Path directory() {
    return repoRoot().resolve("testdata/corpus");
  }

  /** Every log of the corpus, its strace version subdirectories ({@code v7/}) included, sorted. */
  static List<Path> logs() {
    try (Stream<Path> entries = Files.walk(directory())) {
      List<Path> logs = entries
          .filter(Corpus::isLog)
          .sorted()
          .toList();
      if (logs.isEmpty()) {
        throw new IllegalStateException("no corpus under " + directory());
      }
      return logs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A log: a {@code .strace} file or an {@code -ff} directory (other directories group logs). */
  private static boolean isLog(Path p) {
    String name = p.getFileName().toString();
    return Files.isDirectory(p) ? name.endsWith("-ff") : name.endsWith(".strace");
  }

  /** The name a test reports for a log: its path under testdata/corpus ({@code v7/w01-...}). */
  static String name(Path log) {
    return directory().relativize(log).toString();
  }

  /** Every physical log file: the {@code .strace} files and each member of the -ff directories. */
  static List<Path> logFiles() {
    List<Path> files = new java.util.ArrayList<>();
    for (Path log : logs()) {
      if (Files.isDirectory(log)) {
        try (Stream<Path> members = Files.list(log)) {
          members.sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        files.add(log);
      }
    }
    return files;
  }

  static Path log(String name) {
    Path p = directory().resolve(name);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException("no corpus file " + p);
    }
    return p;
  }

  /** The truth file of a log, parsed. */
  static Truth truth(Path log) {
    Path file = log.resolveSibling(log.getFileName() + ".truth.json");
    try {
      return new Truth(Json.parseObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Typed access to the truth keys the tests use (see testdata/corpus/README.md). */
  record Truth(Map<String, Object> json) {
    long lines() {
      return (Long) json.get("lines");
    }

    long syscallRecords() {
      return (Long) json.get("syscall_records");
    }

    @SuppressWarnings("unchecked")
    List<Long> processes() {
      return (List<Long>) json.get("processes");
    }

    @SuppressWarnings("unchecked")
    List<Long> threads() {
      return (List<Long>) json.get("threads");
    }

    @SuppressWarnings("unchecked")
    List<Long> roots() {
      return (List<Long>) json.get("roots");
    }

    /** tid → thread group leader pid, keys as printed ("19981"). */
    @SuppressWarnings("unchecked")
    Map<String, Long> threadGroup() {
      return (Map<String, Long>) json.get("thread_group");
    }

    /** parent pid → child pids, keys as printed. */
    @SuppressWarnings("unchecked")
    Map<String, List<Long>> processTree() {
      return (Map<String, List<Long>>) json.get("process_tree");
    }

    /** pid → successful execs ({@code path}, {@code argv}), keys as printed. */
    @SuppressWarnings("unchecked")
    Map<String, List<Map<String, Object>>> execve() {
      return (Map<String, List<Map<String, Object>>>) json.get("execve");
    }

    /** pid → failed exec attempts, keys as printed. */
    @SuppressWarnings("unchecked")
    Map<String, List<Object>> execveFailed() {
      return (Map<String, List<Object>>) json.get("execve_failed");
    }

    /** task id → {@code {"exited":N}} or {@code {"killed":"SIGx","core_dumped":b}}, keys as printed. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> exit() {
      return (Map<String, Map<String, Object>>) json.get("exit");
    }

    /**
     * Exits the log shows only as the task's own {@code exit_group(N) = ?} / {@code exit(N) = ?}
     * call ({@code --quiet=exit} drops the {@code +++ exited with N +++} lines): task id →
     * {@code {"exit_group":N}} or {@code {"exit":N}}; empty for logs that have the lines.
     */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Long>> exitUnreported() {
      return (Map<String, Map<String, Long>>) json.getOrDefault("exit_unreported", Map.of());
    }

    /** Every spawn: {@code caller}, {@code child}, {@code via}, {@code thread}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> clones() {
      return (List<Map<String, Object>>) json.get("clones");
    }

    int successfulExecCount() {
      return execve().values().stream().mapToInt(List::size).sum();
    }

    /** How many lines of {@code kind} ({@code signal}, {@code exit}, ...) the log has; 0 when none. */
    @SuppressWarnings("unchecked")
    long lineKind(String kind) {
      return ((Map<String, Long>) json.get("line_kinds")).getOrDefault(kind, 0L);
    }
  }
}
