package dev.systrument.parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shared strace corpus (testdata/corpus): every log, each -ff directory counted as one. */
final class Corpus {
  private Corpus() {}

  static Path directory() {
    String root = System.getProperty("systrument.repoRoot");
    Path base = root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
    Path dir = base.resolve("testdata/corpus");
    if (!Files.isDirectory(dir)) {
      dir = Paths.get("").toAbsolutePath().getParent().resolve("testdata/corpus");
    }
    return dir;
  }

  /**
   * Every recording: `*.strace` files and `*-ff` directories, those of the strace version
   * subdirectories ({@code v7/}) included, sorted by path.
   */
  static List<Path> recordings() {
    try (Stream<Path> s = Files.walk(directory())) {
      List<Path> out = new ArrayList<>();
      s.filter(Corpus::isRecording)
          .sorted()
          .forEach(out::add);
      if (out.size() < 20) {
        throw new IllegalStateException("corpus incomplete at " + directory() + ": " + out.size());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recording: a {@code .strace} file or an {@code -ff} directory (others group recordings). */
  private static boolean isRecording(Path p) {
    String name = p.getFileName().toString();
    return Files.isDirectory(p) ? name.endsWith("-ff") : name.endsWith(".strace");
  }

  /** Every physical log file (the members of -ff directories individually). */
  static List<Path> logFiles() {
    List<Path> out = new ArrayList<>();
    for (Path r : recordings()) {
      if (Files.isDirectory(r)) {
        try (Stream<Path> s = Files.list(r)) {
          s.sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        out.add(r);
      }
    }
    return out;
  }

  static Path truthOf(Path recording) {
    return recording.resolveSibling(recording.getFileName() + (Files.isDirectory(recording) ? ".truth.json" : ".truth.json"));
  }
}
