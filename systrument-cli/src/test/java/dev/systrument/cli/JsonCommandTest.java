package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 17, {@code strace2json}: every line of its output for every corpus log validates against
 * the checked-in schema (docs/strace2json.schema.json, with a real JSON Schema validator), and
 * parses back to what {@code tree --json} says of the same log (events, syscalls, processes).
 * Strings that are not UTF-8 and control characters still give valid JSON lines, with the bytes.
 */
class JsonCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static Schema schema;

  @TempDir Path tmp;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = Files.newInputStream(Corpus.repoRoot().resolve("docs/strace2json.schema.json"))) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
  }

  static Stream<Arguments> corpus() {
    return Corpus.logs().stream().map(p -> Arguments.of(p.getFileName().toString(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyLineValidatesAndTheCountsAreTree(String name, Path log) throws IOException {
    CliRun run = CliRun.run(tmp, "strace2json", log.toString(), "-o", "out.jsonl");
    assertThat(run.exitCode()).as("%s", run).isZero();
    List<JsonNode> lines = validLines(tmp.resolve("out.jsonl"));

    JsonNode header = lines.get(0);
    assertThat(header.get("type").asString()).isEqualTo("header");
    assertThat(header.get("schema").asString()).isEqualTo(JsonEventWriter.SCHEMA);
    assertThat(header.get("source").asString()).isEqualTo(log.toString());
    JsonNode tree = lines.get(lines.size() - 1);
    assertThat(tree.get("type").asString()).isEqualTo("tree");
    List<JsonNode> events = lines.subList(1, lines.size() - 1);
    assertThat(events).allSatisfy(e -> assertThat(e.get("type").asString()).isNotIn("header", "tree"));

    // What tree --json says of the same log: the same processes, the same syscall count.
    JsonNode expected = JSON.readTree(CliRun.run(tmp, "tree", "--json", log.toString()).out());
    assertThat(tree.get("events").asLong()).isEqualTo(events.size());
    assertThat(events.stream().filter(e -> e.get("type").asString().equals("syscall")).count())
        .as("syscall lines").isEqualTo(expected.get("summary").get("syscalls").asLong())
        .isEqualTo(Corpus.truth(log).syscallRecords());
    assertThat(tree.get("summary")).isEqualTo(expected.get("summary"));
    List<JsonNode> processes = new ArrayList<>();
    tree.get("processes").forEach(p -> processes.add(withoutKeys(p)));
    List<JsonNode> treeProcesses = new ArrayList<>();
    expected.get("processes").forEach(treeProcesses::add);
    boolean timed = !header.get("timeKind").asString().equals("none");
    if (timed == !expected.get("processes").get(0).get("startNs").isNull()) {
      assertThat(processes).as("the processes of tree --json").isEqualTo(treeProcesses);
    } else { // a relative log: tree --json writes no times, strace2json the relative ones
      assertThat(processes).extracting(p -> p.get("pid")).isEqualTo(treeProcesses.stream().map(p -> p.get("pid")).toList());
    }
    // Every event names a process of the tree by its key, with that process's pid.
    Map<Long, Long> pidByKey = new java.util.HashMap<>();
    tree.get("processes").forEach(p -> pidByKey.put(p.get("processKey").asLong(), p.get("pid").asLong()));
    assertThat(events).filteredOn(e -> !e.get("processKey").isNull())
        .allSatisfy(e -> assertThat(pidByKey.get(e.get("processKey").asLong())).as("%s", e).isEqualTo(e.get("pid").asLong()));
    // Times are there exactly when the log has them.
    assertThat(events).allSatisfy(e -> assertThat(e.get("ts").isNull()).as("%s", e).isEqualTo(!timed));
  }

  /**
   * Bytes that are not UTF-8, control characters, quotes and backslashes in strace's escapes, and
   * a -y path annotation: each line is still one valid JSON object; a string's text is the UTF-8
   * with {@code \xHH} for bad bytes, and then its bytes come too, exactly.
   */
  @Test
  void anyBytesGiveValidLines() throws IOException {
    Path log = tmp.resolve("bytes.strace");
    Files.write(log, ("7 1700000000.000001 write(1</dev/pts/0<char 136:0>>, \"\\377\\0\\33[0m\\\"\\\\\\n\\t\", 9) = 9 <0.000010>\n"
        + "7 1700000000.000002 openat(AT_FDCWD</tmp>, \"caf\\303\\251 \\342\\202\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"
        + "7 1700000000.000003 write(2, \"\u00e9\\1\", 2) = 2\n"
        + "7 1700000000.000004 +++ exited with 0 +++\n").getBytes(StandardCharsets.ISO_8859_1));
    CliRun run = CliRun.run(tmp, "strace2json", "bytes.strace", "-o", "bytes.jsonl");
    assertThat(run.exitCode()).as("%s", run).isZero();
    byte[] out = Files.readAllBytes(tmp.resolve("bytes.jsonl"));
    List<JsonNode> lines = validLines(tmp.resolve("bytes.jsonl"));
    assertThat(lines).hasSize(6);

    JsonNode write = lines.get(1).get("args");
    assertThat(write.get(0).get("annotation").asString()).isEqualTo("/dev/pts/0<char 136:0>");
    JsonNode data = write.get(1);
    assertThat(data.get("text").asString()).isEqualTo("\\xff\u0000\u001b[0m\"\\\n\t");
    assertThat(Base64.getDecoder().decode(data.get("bytes").asString()))
        .isEqualTo(new byte[] {(byte) 0xff, 0, 0x1b, '[', '0', 'm', '"', '\\', '\n', '\t'});
    JsonNode path = lines.get(2).get("args").get(1);
    assertThat(path.get("text").asString()).isEqualTo("café \\xe2\\x82");
    assertThat(Base64.getDecoder().decode(path.get("bytes").asString()))
        .isEqualTo(new byte[] {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9, ' ', (byte) 0xe2, (byte) 0x82});
    assertThat(lines.get(2).get("result").get("errno").asString()).isEqualTo("ENOENT");
    assertThat(lines.get(2).get("args").get(0).get("annotation").asString()).isEqualTo("/tmp");
    // strace printed a raw byte 0xe9 (a log read as Latin-1 is no UTF-8): the bytes are kept
    JsonNode raw = lines.get(3).get("args").get(1);
    assertThat(Base64.getDecoder().decode(raw.get("bytes").asString())).isEqualTo(new byte[] {(byte) 0xe9, 1});
    // valid UTF-8 text has no bytes beside it
    assertThat(lines.get(1).get("args").get(0).has("bytes")).isFalse();
    // the output itself is UTF-8, one object per line, with no raw control character in it
    assertThat(new String(out, StandardCharsets.UTF_8).chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out)).toString()).isNotEmpty(); // throws if not UTF-8
  }

  /** The schema is no formality: a line with an unknown key, or a value of an unknown type, fails it. */
  @Test
  void theSchemaRejectsWhatItDoesNotDescribe() throws IOException {
    CliRun run = CliRun.run(tmp, "strace2json", Corpus.log("w02-nested-exit.E-plain.strace").toString(), "-o", "out.jsonl");
    assertThat(run.exitCode()).as("%s", run).isZero();
    ObjectNode syscall = (ObjectNode) JSON.readTree(Files.readAllLines(tmp.resolve("out.jsonl")).get(1));
    assertThat(schema.validate(syscall)).isEmpty();
    assertThat(schema.validate(syscall.deepCopy().put("extra", 1))).isNotEmpty();
    ObjectNode badValue = syscall.deepCopy();
    ((ObjectNode) badValue.get("args").get(0)).put("type", "pointer");
    assertThat(schema.validate(badValue)).isNotEmpty();
    assertThat(schema.validate(syscall.deepCopy().put("ts", "soon"))).isNotEmpty();
  }

  /** Like the other converters: {@code -} or no INPUT reads stdin; no {@code -o} writes stdout. */
  @Test
  void stdinToStdout() throws IOException {
    byte[] log = Files.readAllBytes(Corpus.log("w02-nested-exit.E-plain.strace"));
    CliRun run = CliRun.run(tmp, CliRun.quietEnvironment(), new ByteArrayInputStream(log), "strace2json", "-");
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).startsWith("<stdin>: ");
    Path out = Files.writeString(tmp.resolve("stdout.jsonl"), run.out());
    List<JsonNode> lines = validLines(out);
    assertThat(lines.get(0).get("source").asString()).isEqualTo("<stdin>");
    assertThat(lines.get(1).get("file").asString()).isEqualTo("<stdin>");
    assertThat(run.out()).endsWith("\n");

    CliRun none = CliRun.run(tmp, CliRun.quietEnvironment(), new ByteArrayInputStream(log), "strace2json");
    assertThat(none.out()).isEqualTo(run.out());
  }

  @Test
  void badLinesAreReportedAndTheRestConverted() throws IOException {
    CliBehaviourTest.copyResource("logs/bad-lines.strace", tmp.resolve("bad-lines.strace"));
    CliRun run = CliRun.run(tmp, "strace2json", "bad-lines.strace", "-o", "out.jsonl");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.err()).contains("bad-lines.strace:4:").contains("2 problems (lines skipped)");
    List<JsonNode> lines = validLines(tmp.resolve("out.jsonl"));
    assertThat(lines.get(lines.size() - 1).get("summary").get("problems").asLong()).isEqualTo(2);
    assertThat(CliRun.run(tmp, "strace2json", "missing.strace").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.run(tmp, "help", "strace2json").out()).contains("--output", "--no-redact");
  }

  /** Each line parsed and validated; a failure names the line and what the schema said. */
  static List<JsonNode> validLines(Path jsonl) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode node = JSON.readTree(lines.get(i));
      List<Error> errors = schema.validate(node);
      int lineNumber = i + 1;
      assertThat(errors).as("%s:%d %s", jsonl, lineNumber, lines.get(i)).isEmpty();
      nodes.add(node);
    }
    return nodes;
  }

  private static JsonNode withoutKeys(JsonNode process) {
    ObjectNode copy = ((ObjectNode) process).deepCopy();
    copy.remove("processKey");
    copy.remove("parentKey");
    return copy;
  }
}
