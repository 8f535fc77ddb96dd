package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  @TempDir Path cache;
  @TempDir Path jarDir;

  private Path jar() throws Exception {
    Path jar = jarDir.resolve("systrument-cli.jar");
    Files.write(jar, new byte[] {1, 2, 3});
    return jar;
  }

  @Test
  void firstRunWritesUnderAnOwnNameAndTheArchiveIsMovedIntoPlaceAfterwards() throws Exception {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    String jar = jar().toString();
    ClassDataArchive first = ClassDataArchive.locate(new String[] {"strace2perfetto", "x"}, env, List.of(), jar);
    assertThat(first).isNotNull();
    assertThat(first.archive().getParent()).isEqualTo(cache.resolve("systrument/cds"));
    assertThat(first.archive().getFileName().toString()).startsWith("strace2perfetto-").endsWith(".jsa");
    List<String> options = first.jvmOptions();
    assertThat(options).contains("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    String write = options.get(options.size() - 1);
    assertThat(write).startsWith("-XX:ArchiveClassesAtExit=").endsWith(".tmp");

    Files.writeString(Path.of(write.substring(write.indexOf('=') + 1)), "archive"); // as the child would
    first.childExited();
    assertThat(first.archive()).hasContent("archive");
    try (var files = Files.list(first.archive().getParent())) {
      assertThat(files).containsExactly(first.archive()); // no temporary left behind
    }

    ClassDataArchive second = ClassDataArchive.locate(new String[] {"strace2perfetto", "y"}, env, List.of(), jar);
    assertThat(second.jvmOptions()).last().isEqualTo("-XX:SharedArchiveFile=" + first.archive());
  }

  @Test
  void aNewJarGetsANewArchive() throws Exception {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    Path jar = jar();
    Path before = ClassDataArchive.locate(new String[] {"check"}, env, List.of(), jar.toString()).archive();
    Files.write(jar, new byte[] {1, 2, 3, 4});
    Path after = ClassDataArchive.locate(new String[] {"check"}, env, List.of(), jar.toString()).archive();
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void offWhenAskedOrWhenTheUserChoseHowClassesAreShared() throws Exception {
    String jar = jar().toString();
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    assertThat(ClassDataArchive.locate(new String[] {"check"}, Map.of("XDG_CACHE_HOME", cache.toString(), "SYSTRUMENT_CDS", "no"), List.of(), jar)).isNull();
    assertThat(ClassDataArchive.locate(new String[] {"check"}, env, List.of("-Xshare:off"), jar)).isNull();
    assertThat(ClassDataArchive.locate(new String[] {"check"}, env, List.of("-XX:SharedArchiveFile=/x.jsa"), jar)).isNull();
    assertThat(ClassDataArchive.locate(new String[] {"check"}, env, List.of(), jar + java.io.File.pathSeparator + "other.jar")).isNull();
  }

  @Test
  void aNewArchiveKeepsTheSubcommandsArchivesUsedLastAndRemovesDeadRunsTemporaries() throws Exception {
    Path dir = Files.createDirectories(cache.resolve("systrument/cds"));
    long now = System.currentTimeMillis();
    List<Path> older = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) { // six earlier versions, the first used longest ago
      Path archive = Files.writeString(dir.resolve("check-old" + i + ".jsa"), "a");
      Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(now - (10 - i) * 86_400_000L));
      older.add(archive);
    }
    Path otherCommand = Files.writeString(dir.resolve("tree-old.jsa"), "a");
    Files.setLastModifiedTime(otherCommand, java.nio.file.attribute.FileTime.fromMillis(now - 100 * 86_400_000L));
    Path deadRun = Files.writeString(dir.resolve("check-old5.123.tmp"), "half");
    Files.setLastModifiedTime(deadRun, java.nio.file.attribute.FileTime.fromMillis(now - 2 * 3_600_000L));
    Path runningNow = Files.writeString(dir.resolve("check-old5.456.tmp"), "half");

    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    ClassDataArchive fresh = ClassDataArchive.locate(new String[] {"check"}, env, List.of(), jar().toString());
    String write = fresh.jvmOptions().get(2);
    Files.writeString(Path.of(write.substring(write.indexOf('=') + 1)), "archive");
    fresh.childExited();

    try (var files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(fresh.archive(), older.get(3), older.get(4), older.get(5),
          otherCommand, runningNow);
    }
  }

  @Test
  void usingAnArchiveMarksItUsed() throws Exception {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    ClassDataArchive archive = ClassDataArchive.locate(new String[] {"tree"}, env, List.of(), jar().toString());
    Files.createDirectories(archive.archive().getParent());
    Files.writeString(archive.archive(), "archive");
    long monthAgo = System.currentTimeMillis() - 30 * 86_400_000L;
    Files.setLastModifiedTime(archive.archive(), java.nio.file.attribute.FileTime.fromMillis(monthAgo));

    assertThat(archive.jvmOptions()).last().isEqualTo("-XX:SharedArchiveFile=" + archive.archive());
    assertThat(Files.getLastModifiedTime(archive.archive()).toMillis()).isGreaterThan(monthAgo + 86_400_000L);
  }
}
