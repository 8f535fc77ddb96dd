package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.files.Access;
import dev.systrument.model.files.FileAccesses;
import dev.systrument.model.files.PathAccess;
import dev.systrument.parser.Json;
import dev.systrument.parser.record.StraceRecorder;
import dev.systrument.parser.record.TraceReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code files} against a shell script whose accesses are known: it reads, writes, creates,
 * renames, deletes and misses paths in several directories, with {@code cd} in between, in a
 * forked subshell, and through a directory descriptor ({@code rm -r}'s {@code unlinkat(4, "t1")}).
 * Recorded twice: by the library's recorder ({@code -yy}: annotations tell most directories), and
 * by a plain {@code strace -f -o} (no {@code -y}, every syscall: the working directory and the
 * descriptor table are all there is).
 */
class FilesLiveTest {
  private static final String SCRIPT = """
      cat start.txt > /dev/null
      cd "$1/a"
      cat in.txt > out.txt
      mkdir -p ../b/sub
      cd ../b
      echo x > new.txt
      mv new.txt renamed.txt
      rm ../a/gone.txt
      cat nothere.txt 2>/dev/null || true
      (cd sub && touch inner.txt)
      touch after.txt
      mkdir scratch && touch scratch/t1 && rm -r scratch
      """;

  @TempDir Path tmp;
  private Path work;

  @BeforeEach
  void workspace() throws Exception {
    work = tmp.toRealPath().resolve("w"); // -y annotations print real paths
    Files.createDirectories(work.resolve("a"));
    Files.writeString(work.resolve("a/in.txt"), "in\n");
    Files.writeString(work.resolve("a/gone.txt"), "gone\n");
    Files.writeString(work.resolve("start.txt"), "start\n");
    Files.writeString(work.resolve("work.sh"), SCRIPT);
  }

  @Test
  void recordedByTheLibrary() throws Exception {
    LiveStrace.assumeUsable();
    TraceReport run = StraceRecorder.builder().workingDirectory(work).build()
        .run(List.of("sh", "work.sh", work.toString()));
    assertThat(run.exitCode()).isZero();
    assertKnownAccesses(run.files());
  }

  @Test
  void recordedByPlainStraceWithoutAnnotations() throws Exception {
    LiveStrace.assumeUsable();
    // PWD as a login shell leaves it: dash trusts it (after a stat) and never calls getcwd
    Path log = plainStrace("plain.strace", work.toString());

    assertKnownAccesses(TraceReport.of(log, work).files());

    // Without being told where it started, everything after the first absolute cd still resolves;
    // what came before stays relative, and says so.
    FileAccesses unanchored = TraceReport.of(log).files();
    assertThat(unanchored.get(Path.of("start.txt"))).as("%s", unanchored.list()).isNotNull();
    assertThat(unanchored.get(Path.of("start.txt")).accesses()).containsExactly(Access.READ);
    assertThat(unanchored.writtenUnder(work)).isEqualTo(TraceReport.of(log, work).files().writtenUnder(work));
    CliRun text = CliRun.run(tmp, "files", log.toString());
    assertThat(text.err()).contains("paths stay relative: the traced command's starting directory is not in the log (give --cwd)");

    // The command line says the same.
    CliRun written = CliRun.run(tmp, "files", "--json", "--written", "--under", work.toString(), "--cwd", work.toString(), log.toString());
    assertThat(written.exitCode()).as("%s", written).isZero();
    List<?> paths = (List<?>) Json.parseObject(written.out().strip()).get("paths");
    assertThat(paths.stream().map(p -> (String) ((Map<?, ?>) p).get("path")).toList()).containsExactlyElementsOf(
        expected().entrySet().stream().filter(e -> e.getValue().stream().anyMatch(Access::modifies)).map(e -> e.getKey().toString()).toList());
    CliRun missing = CliRun.run(tmp, "files", "--missing", "--under", work.toString(), log.toString());
    assertThat(missing.out().lines().skip(1).map(l -> l.split(" +")[0])).containsExactly(work.resolve("b/nothere.txt").toString());
  }

  /** A wrong PWD makes dash ask getcwd, and its answer reveals where the log started. */
  @Test
  void aGetcwdRevealsTheStartingDirectory() throws Exception {
    LiveStrace.assumeUsable();
    Path log = plainStrace("getcwd.strace", "/nonexistent");
    FileAccesses files = TraceReport.of(log).files();
    assertThat(files.get(work.resolve("start.txt"))).as("%s", files.list()).isNotNull();
    assertThat(files.list()).allMatch(Path::isAbsolute);
    assertKnownAccesses(files);
  }

  private Path plainStrace(String name, String pwd) throws Exception {
    Path log = tmp.resolve(name);
    ProcessBuilder pb = new ProcessBuilder("strace", "-f", "-o", log.toString(), "sh", "work.sh", work.toString())
        .directory(work.toFile()).inheritIO();
    pb.environment().put("PWD", pwd);
    Process strace = pb.start();
    assertThat(strace.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(strace.exitValue()).isZero();
    return log;
  }

  private void assertKnownAccesses(FileAccesses files) {
    Map<Path, Set<Access>> actual = new TreeMap<>();
    for (PathAccess a : files.under(work).paths()) {
      actual.put(a.path(), a.accesses());
    }
    Map<Path, Set<Access>> expected = expected();
    // Every expected path, with at least the expected accesses (rm also stats what it deletes, a
    // shell stats directories it cd's into: extra lookups are not what this test is about) ...
    assertThat(actual.keySet()).containsAll(expected.keySet());
    expected.forEach((path, accesses) -> assertThat(actual.get(path)).as("%s", path).containsAll(accesses));
    // ... and exactly the expected modifications: nothing written in a wrong directory.
    assertThat(files.writtenUnder(work))
        .containsExactlyElementsOf(expected.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(Access::modifies)).map(Map.Entry::getKey).toList());
    assertThat(files.missing()).contains(work.resolve("b/nothere.txt"));
    assertThat(files.get(work.resolve("b/sub/inner.txt")).programs()).containsExactly("touch");
    assertThat(files.get(work.resolve("a/in.txt")).programs()).containsExactly("cat");
    assertThat(files.readBy("cat")).contains(work.resolve("start.txt"), work.resolve("a/in.txt"));
  }

  private Map<Path, Set<Access>> expected() {
    Map<Path, Set<Access>> m = new TreeMap<>();
    m.put(work.resolve("start.txt"), EnumSet.of(Access.READ));
    m.put(work.resolve("a/in.txt"), EnumSet.of(Access.READ));
    m.put(work.resolve("a/out.txt"), EnumSet.of(Access.WRITTEN, Access.CREATED));
    m.put(work.resolve("a/gone.txt"), EnumSet.of(Access.DELETED));
    m.put(work.resolve("b"), EnumSet.of(Access.CREATED));
    m.put(work.resolve("b/sub"), EnumSet.of(Access.CREATED));
    m.put(work.resolve("b/new.txt"), EnumSet.of(Access.WRITTEN, Access.CREATED, Access.RENAMED_FROM));
    m.put(work.resolve("b/renamed.txt"), EnumSet.of(Access.RENAMED_TO));
    m.put(work.resolve("b/nothere.txt"), EnumSet.of(Access.MISSING));
    m.put(work.resolve("b/sub/inner.txt"), EnumSet.of(Access.WRITTEN, Access.CREATED)); // the subshell's cd
    m.put(work.resolve("b/after.txt"), EnumSet.of(Access.WRITTEN, Access.CREATED)); // not the parent's
    m.put(work.resolve("b/scratch"), EnumSet.of(Access.CREATED, Access.DELETED));
    m.put(work.resolve("b/scratch/t1"), EnumSet.of(Access.WRITTEN, Access.CREATED, Access.DELETED)); // unlinkat(4, "t1")
    return m;
  }
}
