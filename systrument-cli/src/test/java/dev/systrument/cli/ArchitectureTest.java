package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md, checked on the source trees (main and test) so
 * that a stray import fails the build rather than a review. Maven already keeps undeclared
 * dependencies off the compile classpath; these rules also catch a dependency added to a pom.
 */
class ArchitectureTest {
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

  /**
   * Exporters read the model only: they must work for any event source (a live recording, a
   * replayed log, a library user's own events), and their tests build events by hand so that a
   * parser bug cannot hide an exporter bug (the corpus tests that need both live here, in the CLI).
   */
  @Test
  void exportersDoNotImportTheParser() {
    assertThat(imports("systrument-perfetto", "dev.systrument.parser")).as("systrument-perfetto").isEmpty();
    assertThat(imports("systrument-otel", "dev.systrument.parser")).as("systrument-otel").isEmpty();
  }

  /** Exporters do not depend on each other either: each one is usable alone. */
  @Test
  void exportersDoNotImportEachOther() {
    assertThat(imports("systrument-perfetto", "dev.systrument.otel")).isEmpty();
    assertThat(imports("systrument-otel", "dev.systrument.perfetto")).isEmpty();
  }

  /**
   * The model is the shared vocabulary and depends on nothing: a library user who only wants the
   * event types or the process tracker must not pull in ANTLR, protobuf or OpenTelemetry, and the
   * model must not know how strace text is parsed.
   */
  @Test
  void modelImportsNoParserAndNoThirdPartyLibrary() {
    for (String forbidden : List.of("org.antlr", "com.google.protobuf", "io.opentelemetry", "dev.systrument.parser",
        "dev.systrument.perfetto", "dev.systrument.otel", "dev.systrument.cli")) {
      assertThat(imports("systrument-model", forbidden)).as("systrument-model imports of %s", forbidden).isEmpty();
    }
  }

  /** The parser builds model events and nothing else: exporters are the CLI's business. */
  @Test
  void parserImportsNoExporter() {
    for (String forbidden : List.of("dev.systrument.perfetto", "dev.systrument.otel", "dev.systrument.cli",
        "com.google.protobuf", "io.opentelemetry")) {
      assertThat(imports("systrument-parser", forbidden)).as("systrument-parser imports of %s", forbidden).isEmpty();
    }
  }

  /** The scan itself must see the sources, or every rule above would pass on nothing. */
  @Test
  void scanFindsTheSources() {
    assertThat(imports("systrument-perfetto", "dev.systrument.model")).isNotEmpty();
    assertThat(imports("systrument-parser", "org.antlr")).isNotEmpty();
    assertThat(imports("systrument-model", "java.util")).isNotEmpty();
  }

  /** {@code File: import} for every import in the module's src tree whose name starts with the prefix. */
  private static List<String> imports(String module, String prefix) {
    Path src = Corpus.repoRoot().resolve(module).resolve("src");
    assertThat(src).isDirectory();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          if (m.group(1).equals(prefix) || m.group(1).startsWith(prefix + ".")) {
            found.add(src.relativize(file) + ": import " + m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }
}
