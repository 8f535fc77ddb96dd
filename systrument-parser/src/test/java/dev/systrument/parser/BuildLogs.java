package dev.systrument.parser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real build logs, for the properties that hold "on real build logs" (the fast paths decline at
 * most 1% of their argument texts). Every run has the corpus's {@code make -j2} logs
 * (testdata/corpus/w07-build.*); where strace can trace and make and cc are installed, a small
 * {@code make -j2} is also recorded here, once per JVM, with the two flag sets of
 * bench/gen-inputs.sh; the benchmark logs themselves join in when that script has made them.
 */
final class BuildLogs {
  /** Generated C files of the live build: enough for both jobs of -j2 to overlap, seconds under strace. */
  private static final int LIVE_FILES = 8;
  private static final Map<String, List<String>> LIVE_FLAGS = Map.of(
      "live -yy build", List.of("-f", "-ttt", "-T", "-yy", "-v", "-s", "256"),
      "live recommended flags", List.of("--seccomp-bpf", "-f", "-e", "status=!unfinished", "-Ttttyyv", "-s", "4096"));
  private static final List<String> BENCH = List.of("yy-450.strace", "rec-450.strace");
  private static final Map<String, Path> recorded = new HashMap<>();
  private static Path liveDir;

  private BuildLogs() {}

  /** The names {@link #log} resolves, for {@code @MethodSource}. */
  static Stream<String> names() {
    List<String> names = new ArrayList<>(List.of("w07-build.B-record.strace", "w07-build.C-full.strace"));
    names.addAll(LIVE_FLAGS.keySet().stream().sorted().toList());
    BENCH.stream().filter(n -> Files.isReadable(benchDir().resolve(n))).forEach(names::add);
    return names.stream();
  }

  /** The log of that name; for a live one, skips the calling test when it cannot be recorded here. */
  static synchronized Path log(String name) throws IOException, InterruptedException {
    if (BENCH.contains(name)) {
      return benchDir().resolve(name);
    }
    List<String> flags = LIVE_FLAGS.get(name);
    if (flags == null) {
      return Corpus.directory().resolve(name);
    }
    Path log = recorded.get(name);
    if (log == null) {
      log = record(name, flags);
      recorded.put(name, log);
    }
    return log;
  }

  private static Path benchDir() {
    return Corpus.directory().getParent().getParent().resolve("bench/work");
  }

  private static Path record(String name, List<String> flags) throws IOException, InterruptedException {
    assumeTrue(runs(List.of("strace", "-f", "-o", "/dev/null", "true")), "strace is not installed or cannot trace here");
    assumeTrue(runs(List.of("make", "--version")), "make is not installed: no live build log");
    assumeTrue(runs(List.of("cc", "--version")), "cc is not installed: no live build log");
    Path project = project();
    List<String> clean = List.of("make", "-s", "-C", project.toString(), "clean");
    if (!runs(clean)) {
      throw new AssertionError("make clean failed in " + project);
    }
    Path log = project.resolveSibling(name.replace(' ', '-') + ".strace");
    List<String> command = new ArrayList<>(List.of("strace"));
    command.addAll(flags);
    command.addAll(List.of("-o", log.toString(), "--", "make", "-s", "-j2", "-C", project.toString(), "all"));
    if (!runs(command)) {
      throw new AssertionError("recording the build failed: " + String.join(" ", command));
    }
    return log;
  }

  /** The generated project of bench/gen-inputs.sh, smaller, in a directory removed when the JVM exits. */
  private static Path project() throws IOException {
    if (liveDir != null) {
      return liveDir.resolve("proj");
    }
    liveDir = Files.createTempDirectory("systrument-buildlog-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(liveDir)));
    Path project = Files.createDirectory(liveDir.resolve("proj"));
    for (int i = 0; i < LIVE_FILES; i++) {
      Files.writeString(project.resolve("f" + i + ".c"), """
          #include <stdio.h>
          #include <stdlib.h>
          #include <string.h>
          int f%1$d(int x) { char buf[64]; snprintf(buf, sizeof buf, "%%d", x * %1$d); return (int) strlen(buf) + atoi(buf); }
          """.formatted(i));
    }
    Files.writeString(project.resolve("Makefile"), """
        SRCS := $(wildcard f*.c)
        OBJS := $(SRCS:.c=.o)
        all: libbench.a
        libbench.a: $(OBJS)
        \tar rcs $@ $^
        %.o: %.c
        \tcc -O1 -c -o $@ $<
        clean:
        \trm -f *.o libbench.a
        """);
    return project;
  }

  private static boolean runs(List<String> command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
