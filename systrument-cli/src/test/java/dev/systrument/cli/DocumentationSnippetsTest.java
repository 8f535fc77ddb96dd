package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code in README.md and docs/*.md compiles and runs, so it cannot rot. Every {@code ```java}
 * block of those files (docs/ is listed when the test runs: a new page is covered without a line
 * here) is compiled with javax.tools against the test classpath and run in a JVM of its own. The
 * convention (also in docs/architecture.md, "Snippets in the documentation"):
 *
 * <ul>
 *   <li>A block that declares a top-level class, record, interface or enum is a compilation unit
 *       as it stands, run through its {@code public static void main} if it has one. Any other
 *       block is the body of a {@code main(String[]) throws Exception}: its leading {@code import}
 *       lines (and blank lines and comments among them) are the imports, the rest the statements.
 *   <li>It runs in a fresh directory holding {@code build.strace}, a copy of
 *       testdata/corpus/w07-build.C-full.strace (a parallel build of a small C project): a snippet
 *       reads its log as {@code Path.of("build.strace")}. What it writes there is thrown away. It
 *       must exit 0 within a minute.
 *   <li>Words after {@code java} in the fence: {@code compile-only}, compiled but not run (it
 *       needs what the test does not have, an OTLP collector); {@code live}, run only where
 *       strace can trace (it records a command), else compiled only.
 * </ul>
 *
 * <p>And the {@code ```sh} lines of README.md that start with {@code systrument } (or with
 * {@code java -jar ...systrument-cli.jar}, also after {@code &&}) run through the CLI in-process,
 * in such a directory (with {@code testdata} linked in), and must exit 0 with every {@code -o}
 * output written: all of them except {@code record} (it would run a build that is not here) and
 * those that send OTLP ({@code strace2otel}, {@code --otel}: no collector).
 */
class DocumentationSnippetsTest {
  private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w+)([^\\n]*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
  private static final Pattern TOP_LEVEL_TYPE =
      Pattern.compile("(?m)^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern MAIN = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(");

  @TempDir Path tmp;

  /** One fenced block: where it is, its language, the words after it, its text. */
  record Block(Path file, int line, String language, List<String> flags, String text) {
    String where() {
      return Corpus.repoRoot().relativize(file) + ":" + line;
    }
  }

  static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(Corpus.repoRoot().resolve("README.md"));
    try (Stream<Path> files = Files.list(Corpus.repoRoot().resolve("docs"))) {
      files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static List<Block> blocks(Path file) throws IOException {
    String text = Files.readString(file);
    List<Block> blocks = new ArrayList<>();
    Matcher m = FENCE.matcher(text);
    while (m.find()) {
      int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      List<String> flags = List.of(m.group(2).strip().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList();
      blocks.add(new Block(file, line, m.group(1), flags, m.group(3)));
    }
    return blocks;
  }

  @TestFactory
  Stream<DynamicTest> everyJavaSnippetCompilesAndRuns() throws IOException {
    List<Block> java = new ArrayList<>();
    for (Path doc : documents()) {
      blocks(doc).stream().filter(b -> b.language().equals("java")).forEach(java::add);
    }
    assertThat(java).as("java snippets in README.md and docs/").hasSizeGreaterThanOrEqualTo(5);
    return java.stream().map(b -> DynamicTest.dynamicTest(b.where(), () -> compileAndRun(b)));
  }

  @TestFactory
  Stream<DynamicTest> readmesCommandLinesRun() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Block block : blocks(Corpus.repoRoot().resolve("README.md"))) {
      if (!block.language().equals("sh")) {
        continue;
      }
      String[] lines = block.text().split("\n");
      for (int i = 0; i < lines.length; i++) {
        for (String command : lines[i].split("&&")) {
          List<String> words = ShellWordsParser.split(command);
          if (words.contains("|")) {
            words = words.subList(0, words.indexOf("|")); // `systrument strace2json x | jq ...`: our half of the pipe
          }
          List<String> args = cliArguments(words);
          if (args == null || args.isEmpty() || args.get(0).equals("record") || args.get(0).equals("strace2otel") || args.contains("--otel")) {
            continue;
          }
          String where = Corpus.repoRoot().relativize(block.file()) + ":" + (block.line() + 1 + i) + ": " + String.join(" ", words);
          tests.add(DynamicTest.dynamicTest(where, () -> runCommandLine(args)));
        }
      }
    }
    assertThat(tests).as("runnable command lines in README.md").hasSizeGreaterThanOrEqualTo(3);
    return tests.stream();
  }

  /** The CLI's arguments of {@code systrument ARGS} or {@code java -jar .../systrument-cli.jar ARGS}; else null. */
  private static List<String> cliArguments(List<String> words) {
    if (!words.isEmpty() && words.get(0).equals("systrument")) {
      return words.subList(1, words.size());
    }
    if (words.size() >= 3 && words.get(0).equals("java") && words.get(1).equals("-jar") && words.get(2).endsWith("systrument-cli.jar")) {
      return words.subList(3, words.size());
    }
    return null;
  }

  private void runCommandLine(List<String> args) throws IOException {
    Path work = workDirectory();
    Path testdata = Files.createSymbolicLink(work.resolve("testdata"), Corpus.repoRoot().resolve("testdata"));
    try {
      CliRun run = CliRun.run(work, args.toArray(String[]::new));

      assertThat(run.exitCode()).as("%s", run).isZero();
      int o = Math.max(args.indexOf("-o"), args.indexOf("--output"));
      if (o >= 0) {
        assertThat(work.resolve(args.get(o + 1))).isNotEmptyFile();
      }
    } finally {
      Files.delete(testdata); // the link, not the repository's testdata
    }
  }

  private void compileAndRun(Block block) throws Exception {
    boolean live = block.flags().contains("live");
    Source source = source(block);
    Path classes = Files.createDirectories(tmp.resolve("classes-" + block.line()));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    JavaFileObject file = new SimpleJavaFileObject(java.net.URI.create("string:///" + source.className() + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source.text();
      }
    };
    boolean compiled = compiler.getTask(diagnostics, null, null,
        List.of("--release", "17", "-classpath", testClassPath(), "-d", classes.toString(), "-proc:none"), null, List.of(file)).call();
    assertThat(compiled).as("%s does not compile:\n%s\n--- as compiled:\n%s", block.where(), diagnostics, numbered(source.text())).isTrue();

    if (block.flags().contains("compile-only") || !source.runnable()) {
      return;
    }
    if (live) {
      LiveStrace.assumeUsable();
    }
    Path work = workDirectory();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp", classes + File.pathSeparator + testClassPath(), source.className())
        .directory(work.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finishes within a minute", block.where()).isTrue();
    assertThat(process.exitValue()).as("%s exits 0; its output:\n%s", block.where(), new String(output, StandardCharsets.UTF_8)).isZero();
  }

  private Path workDirectory() throws IOException {
    Path work = Files.createTempDirectory(tmp, "work-");
    Files.copy(Corpus.log("w07-build.C-full.strace"), work.resolve("build.strace"));
    return work;
  }

  /** A snippet as the compiler sees it, and the class to run. */
  record Source(String className, String text, boolean runnable) {}

  static Source source(Block block) {
    String name = block.file().getFileName().toString().replaceAll("\\W", "_") + "_" + block.line();
    name = "Snippet_" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    Matcher type = TOP_LEVEL_TYPE.matcher(block.text());
    if (type.find()) {
      Matcher publicType = Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+)*(?:class|record|interface|enum)\\s+(\\w+)").matcher(block.text());
      String className = publicType.find() ? publicType.group(1) : type.group(1);
      return new Source(className, block.text(), MAIN.matcher(block.text()).find());
    }
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    boolean inImports = true;
    for (String line : block.text().split("\n", -1)) {
      String t = line.strip();
      if (inImports && (t.startsWith("import ") || t.isEmpty())) {
        imports.append(line).append('\n');
      } else {
        inImports = false;
        body.append("    ").append(line).append('\n');
      }
    }
    String text = imports + "\npublic class " + name + " {\n  public static void main(String[] args) throws Exception {\n" + body + "  }\n}\n";
    return new Source(name, text, true);
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isEmpty() ? surefire : System.getProperty("java.class.path");
  }

  private static String numbered(String text) {
    String[] lines = text.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      sb.append(String.format("%3d  %s%n", i + 1, lines[i]));
    }
    return sb.toString();
  }

  /** Splits a command line into words as sh does for the simple lines in README: quotes, and a {@code #} comment. */
  static final class ShellWordsParser {
    private ShellWordsParser() {}

    static List<String> split(String line) {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      char quote = 0;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          word = word == null ? new StringBuilder() : word;
        } else if (c == '#' && word == null) {
          break;
        } else if (Character.isWhitespace(c)) {
          if (word != null) {
            words.add(word.toString());
            word = null;
          }
        } else {
          word = word == null ? new StringBuilder() : word;
          word.append(c);
        }
      }
      if (word != null) {
        words.add(word.toString());
      }
      return words;
    }
  }

  @org.junit.jupiter.api.Test
  void theConventionIsWrittenDown() throws IOException {
    assertThat(Files.readString(Corpus.repoRoot().resolve("docs/architecture.md"))).contains("## Snippets in the documentation");
  }
}
