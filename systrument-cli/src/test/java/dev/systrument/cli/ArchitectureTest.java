package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.parser.StraceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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

  /**
   * The same rule one level up: no exporter's pom may declare the parser, in any scope (a test
   * dependency would let exporter tests lean on parser behaviour, see above).
   */
  @Test
  void exporterPomsDoNotDeclareTheParser() throws IOException {
    for (String module : List.of("systrument-perfetto", "systrument-otel", "systrument-model")) {
      String pom = Files.readString(Corpus.repoRoot().resolve(module).resolve("pom.xml"));
      assertThat(pom).as("%s/pom.xml", module).doesNotContain("<artifactId>systrument-parser</artifactId>");
    }
    String modelPom = Files.readString(Corpus.repoRoot().resolve("systrument-model/pom.xml"));
    assertThat(modelPom).as("the model depends on nothing but the test libraries")
        .doesNotContain("antlr").doesNotContain("protobuf").doesNotContain("opentelemetry");
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

  /**
   * The parser's public vocabulary is the reader's API and fits on one screen. ANTLR makes every
   * class it generates public (the lexer, the parser, one {@code *Context} per rule alternative, the
   * visitors), so the grammar is generated into {@code dev.systrument.parser.internal.grammar}; a
   * grammar moved back beside the reader, or a helper made public by accident, fails here. Read from
   * the compiled classes (a directory in {@code test}, the jar in {@code verify}), where the
   * generated types are.
   */
  @Test
  void parserPackageExportsTheReaderApiOnly() throws IOException, URISyntaxException {
    List<Class<?>> types = publicTypes("dev.systrument.parser");
    assertThat(types.stream().filter(c -> !c.isMemberClass()).map(Class::getSimpleName).sorted())
        .as("public top-level types of dev.systrument.parser")
        .containsExactly("Problem", "ReadSummary", "ReaderOptions", "StraceReader");
    assertThat(types.stream().filter(ArchitectureTest::isAntlrType).map(Class::getName))
        .as("ANTLR types among the public types of dev.systrument.parser").isEmpty();

    // The detector must see the generated classes where they are, or the rule above passes on nothing.
    assertThat(publicTypes("dev.systrument.parser.internal.grammar").stream().filter(ArchitectureTest::isAntlrType)
        .map(Class::getSimpleName)).contains("StraceLexer", "StraceParser", "StraceVisitor", "LineContext");
  }

  /** The scan itself must see the sources, or every rule above would pass on nothing. */
  @Test
  void scanFindsTheSources() {
    assertThat(imports("systrument-perfetto", "dev.systrument.model")).isNotEmpty();
    assertThat(imports("systrument-parser", "org.antlr")).isNotEmpty();
    assertThat(imports("systrument-model", "java.util")).isNotEmpty();
  }

  /**
   * The types of one package (not its subpackages) of the parser's compiled classes that code
   * outside the package can name: public, and nested only in public types.
   */
  private static List<Class<?>> publicTypes(String pkg) throws IOException, URISyntaxException {
    Path classes = Path.of(StraceReader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> found = new ArrayList<>();
    try (FileSystem jar = Files.isDirectory(classes) ? null : FileSystems.newFileSystem(classes)) {
      Path root = jar == null ? classes : jar.getPath("/");
      Path dir = root.resolve(pkg.replace('.', '/'));
      assertThat(dir).as("compiled package %s", pkg).isDirectory();
      TreeSet<String> names = new TreeSet<>();
      try (Stream<Path> files = Files.list(dir)) {
        files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
            .forEach(n -> names.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
      }
      for (String name : names) {
        Class<?> type;
        try {
          type = Class.forName(name, false, StraceReader.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new AssertionError(name, e);
        }
        if (isReachable(type)) {
          found.add(type);
        }
      }
    }
    return found;
  }

  private static boolean isReachable(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the type extends or implements anything of the ANTLR runtime, as generated code does. */
  private static boolean isAntlrType(Class<?> type) {
    if (type == null) {
      return false;
    }
    if (type.getName().startsWith("org.antlr.")) {
      return true;
    }
    if (isAntlrType(type.getSuperclass())) {
      return true;
    }
    for (Class<?> i : type.getInterfaces()) {
      if (isAntlrType(i)) {
        return true;
      }
    }
    return false;
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
