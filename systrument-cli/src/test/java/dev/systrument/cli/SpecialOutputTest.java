package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that are not regular files ({@code -o /dev/null}, {@code /dev/stdout}, a FIFO) are
 * written in place: the temp-file-and-rename that protects regular files would replace them
 * (as root, {@code -o /dev/null} once turned /dev/null into a regular file). A FIFO stands in
 * for the device here, so a regression cannot damage the machine running the tests.
 */
class SpecialOutputTest {
  @TempDir Path tmp;

  @Test
  void aFifoOutputIsWrittenInPlaceAndStaysAFifo() throws Exception {
    Path fifo = tmp.resolve("out.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = Files.newInputStream(fifo)) {
        return in.readAllBytes();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    CliRun run = CliRun.run(tmp, "strace2perfetto", Corpus.log("w02-nested-exit.E-plain.strace").toString(), "-o", fifo.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(received.get(30, TimeUnit.SECONDS)).isNotEmpty();
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
    try (var files = Files.list(tmp)) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("out.fifo");
    }
  }
}
