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
}
