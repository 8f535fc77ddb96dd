package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placing an output staged elsewhere: renamed, copied across file systems, never over a file it must keep. */
class AtomicOutputTest {
  @TempDir Path tmp;

  @Test
  void stagedOutputIsNotBesideTheTargetUntilCommitted() throws IOException {
    Path staging = Files.createDirectory(tmp.resolve("staging"));
    Path work = Files.createDirectory(tmp.resolve("work"));

    try (AtomicOutput out = new AtomicOutput(work.resolve("trace.pftrace"), staging, false)) {
      out.stream().write("bytes".getBytes(StandardCharsets.UTF_8));
      assertThat(listing(work)).isEmpty();
      assertThat(out.staged()).isEqualTo(staging.resolve("trace.pftrace"));

      assertThat(out.commit()).isEqualTo(work.resolve("trace.pftrace"));
    }
    assertThat(Files.readString(work.resolve("trace.pftrace"))).isEqualTo("bytes");
    assertThat(listing(staging)).isEmpty();
  }

  @Test
  void keepExistingPicksTheNextFreeSuffix() throws IOException {
    Path staging = Files.createDirectory(tmp.resolve("staging"));
    Path work = Files.createDirectory(tmp.resolve("work"));
    Files.writeString(work.resolve("make-1.pftrace"), "older");
    Files.writeString(work.resolve("make-1-2.pftrace"), "older still");

    Path written;
    try (AtomicOutput out = new AtomicOutput(work.resolve("make-1.pftrace"), staging, true)) {
      out.stream().write("new".getBytes(StandardCharsets.UTF_8));
      written = out.commit();
    }

    assertThat(written).isEqualTo(work.resolve("make-1-3.pftrace"));
    assertThat(Files.readString(written)).isEqualTo("new");
    assertThat(Files.readString(work.resolve("make-1.pftrace"))).isEqualTo("older");
    assertThat(Files.readString(work.resolve("make-1-2.pftrace"))).isEqualTo("older still");
    assertThat(listing(staging)).isEmpty();
  }

  @Test
  void aTargetTheUserNamedIsReplaced() throws IOException {
    Path staging = Files.createDirectory(tmp.resolve("staging"));
    Files.writeString(tmp.resolve("raw.strace"), "older");

    try (AtomicOutput out = new AtomicOutput(tmp.resolve("raw.strace"), staging, false)) {
      out.stream().write("new".getBytes(StandardCharsets.UTF_8));
      out.commit();
    }

    assertThat(Files.readString(tmp.resolve("raw.strace"))).isEqualTo("new");
  }

  /** /dev/shm is a tmpfs on Linux: staging there and placing into the test's directory crosses file systems. */
  @Test
  void acrossFileSystemsTheOutputIsCopiedThenRenamed() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm");
    Path staging = Files.createTempDirectory(shm, "systrument-test-");
    try {
      assumeTrue(!Files.getFileStore(staging).equals(Files.getFileStore(tmp)), "/dev/shm is on the test directory's file system");
      byte[] bytes = new byte[3 << 20];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (i * 31);
      }
      try (AtomicOutput out = new AtomicOutput(tmp.resolve("big.pftrace"), staging, true)) {
        out.stream().write(bytes);
        assertThat(out.commit()).isEqualTo(tmp.resolve("big.pftrace"));
      }
      assertThat(Files.readAllBytes(tmp.resolve("big.pftrace"))).isEqualTo(bytes);
      assertThat(listing(tmp)).containsExactly("big.pftrace");
      assertThat(listing(staging)).isEmpty();
    } finally {
      try (Stream<Path> all = Files.walk(staging)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
