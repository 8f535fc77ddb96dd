package dev.systrument.cli;

import static dev.systrument.otel.OtlpReceiver.stringArrayAttribute;
import static dev.systrument.otel.OtlpReceiver.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtlpReceiver;
import dev.systrument.parser.Json;
import dev.systrument.perfetto.DecodedTrace;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #8, secrets: a real recording of commands that carry planted secrets in their
 * environment and argv, converted by every command that writes output (strace2perfetto, strace2otel,
 * tree, strace2json); no planted secret (nor its start or end) may appear in any byte of any
 * output, while what is not secret stays (argv[0],
 * user names in URLs, variable names). With {@code --no-redact} the secrets are there, which
 * proves the searches can fail. docs/redaction.md has the rules.
 *
 * <p>The recording is made live when strace is usable; {@code logs/planted-secrets.strace} is the
 * same recording, checked in, so the conversions are checked everywhere. It was made with {@link
 * #recordTo}: {@code record -o planted-secrets.strace -- sh -c SCRIPT} with {@link #ENV}, in a
 * directory holding {@code curl}, a symlink to /bin/true.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecretsTest {
  /** Every secret: letters and digits only, so no output format escapes or splits them. */
  private static final Map<String, String> SECRETS = new LinkedHashMap<>();

  private static String plant(String where) {
    String secret = "PLANTED" + where + "Zq" + (SECRETS.size() + 1) + "x";
    SECRETS.put(secret, where);
    return secret;
  }

  /** The traced commands' environment: secret-looking names, and a password inside a URL. */
  static final Map<String, String> ENV = Map.of(
      "GITHUB_TOKEN", plant("envGithubToken"),
      "DB_PASSWORD", plant("envDbPassword"),
      "DATABASE_URL", "postgres://dbuser:" + plant("envDatabaseUrl") + "@db.example/app");

  /** argv in every spelling the rules know; /bin/true so that each is an exec (true is a builtin). */
  static final String SCRIPT = String.join(" && ",
      "/bin/true --password=" + plant("argvPasswordEq"),
      "/bin/true --token " + plant("argvTokenSplit") + " --verbose",
      "/bin/true https://ciuser:" + plant("argvUrl") + "@git.example/o/r.git",
      "sh -c '/bin/true --password=" + plant("argvNestedShell") + "'",
      "/usr/bin/env DB_PASSWORD=" + plant("argvEnvAssignment") + " /bin/true",
      "./curl -u me:" + plant("argvCurlUser") + " -H 'Authorization: Bearer " + plant("argvBearer") + "' https://api.example/x");

  @TempDir Path tmp;

  /** The live recording: strace's raw output, and the Perfetto trace and OTLP that record wrote while it ran. */
  @Test
  void liveRecordingLeaksNoSecret() throws Exception {
    LiveStrace.assumeUsable();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun run = recordTo(tmp, "raw.strace", "--output-perfetto", "recorded.pftrace", "--logs", "--otel", "--env",
          "--endpoint", receiver.baseUrl());

      assertThat(run.exitCode()).as("%s", run).isZero();
      assertNoSecretIn("record's Perfetto trace", Files.readAllBytes(tmp.resolve("recorded.pftrace")));
      assertNoSecretIn("record's stderr", run.err().getBytes(StandardCharsets.UTF_8));
      assertOtlpHidesSecrets("record --otel", receiver);
    }
    convertedOutputsLeakNoSecret(tmp.resolve("raw.strace"));
  }

  @Test
  void checkedInRecordingLeaksNoSecret() throws Exception {
    convertedOutputsLeakNoSecret(CliBehaviourTest.copyResource("logs/planted-secrets.strace", tmp.resolve("planted.strace")));
  }

  /**
   * An exec line whose arguments do not decode: {@code check} reports it quoting the line, secrets
   * hidden (file:line:column still names the column in the file, the caret stays under the same
   * text); the exporters, which decode lazily, show its arguments as text, searched as free text.
   * {@code --no-redact} shows the line as read.
   */
  @Test
  void anExecLineThatDoesNotDecodeIsSearchedAsText() throws IOException {
    String secret = "PLANTEDbrokenLineZq0x"; // not in SECRETS: this log is not the recording
    Path log = tmp.resolve("broken.strace");
    // an execve line of logs/planted-secrets.strace with garbage in its environment
    Files.writeString(log, "300 1700000000.000100 execve(\"./curl\", [\"./curl\", \"-u\", \"me:" + secret + "\"], "
        + "[\"GITHUB_TOKEN=" + secret + "\", @@@, \"HOME=/root\"]) = 0 <0.000200>\n300 1700000000.001100 +++ exited with 0 +++\n");
    CliRun plain = CliRun.run(tmp, "check", "--no-redact", log.toString());
    assertThat(plain.err()).contains("me:" + secret, "GITHUB_TOKEN=" + secret);

    CliRun check = CliRun.run(tmp, "check", log.toString());
    List<String> report = check.err().lines().toList();
    assertThat(check.err()).as("%s", check).doesNotContain(secret)
        .contains("[\"./curl\", \"-u\", \"me:<redacted>\"], [\"GITHUB_TOKEN=<redacted>\", @@@, \"HOME=/root\"]) = 0 <0.000200>");
    assertThat(report.get(0)).as("the column in the file").isEqualTo(plain.err().lines().findFirst().orElseThrow());
    List<String> asRead = plain.err().lines().toList();
    assertThat(report.get(2).indexOf('^') - report.get(1).indexOf("@@@")).as("the caret under the same text")
        .isEqualTo(asRead.get(2).indexOf('^') - asRead.get(1).indexOf("@@@"));

    assertNoSecretIn("strace2perfetto --logs", perfetto(log, "broken.pftrace", List.of("--logs")));
    CliRun jsonLines = CliRun.run(tmp, "strace2json", log.toString());
    assertNoSecretIn("strace2json", (jsonLines.out() + jsonLines.err()).getBytes(StandardCharsets.UTF_8));
    assertThat(jsonLines.out()).contains("me:<redacted>");
    assertThat(DecodedTrace.decode(Files.readAllBytes(tmp.resolve("broken.pftrace"))).slices)
        .anySatisfy(slice -> assertThat(slice.args.values()).anySatisfy(arg -> assertThat(arg).contains("\"me:<redacted>\"")));
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      assertThat(otel(log, receiver, List.of("--logs", "--env")).exitCode()).isZero();
      assertThat(receiver.logs()).isNotEmpty();
      assertNoSecretIn("strace2otel --logs", bodies(receiver).getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  /** {@code record -o NAME ... -- sh -c SCRIPT} in {@code dir}, with {@link #ENV} and a {@code ./curl}. */
  static CliRun recordTo(Path dir, String rawName, String... flags) throws IOException {
    Path curl = dir.resolve("curl");
    if (!Files.exists(curl)) {
      Files.createSymbolicLink(curl, Path.of("/bin/true"));
    }
    Map<String, String> env = new HashMap<>(CliRun.quietEnvironment());
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"); // as the corpus was recorded
    env.putAll(ENV);
    List<String> args = new ArrayList<>(List.of("record", "-o", rawName));
    args.addAll(List.of(flags));
    args.addAll(List.of("--", "sh", "-c", SCRIPT));
    return CliRun.run(dir, env, new java.io.ByteArrayInputStream(new byte[0]), args.toArray(String[]::new));
  }

  private void convertedOutputsLeakNoSecret(Path log) throws Exception {
    // The log must hold every secret, or the searches below prove nothing.
    String raw = Files.readString(log);
    assertThat(SECRETS.keySet()).as("secrets planted in %s", log).allSatisfy(secret -> assertThat(raw).contains(secret));

    // Perfetto, without and with --logs (every strace line, execve's included, as a log message).
    for (List<String> flags : List.of(List.<String>of(), List.of("--logs"), List.of("--logs", "--env=none"))) {
      byte[] trace = perfetto(log, "out.pftrace", flags);
      assertNoSecretIn("strace2perfetto " + flags, trace);
      assertNoSecretIn("strace2perfetto " + flags + ", decoded", decodedStrings(trace).getBytes(StandardCharsets.UTF_8));
    }
    DecodedTrace trace = DecodedTrace.decode(perfetto(log, "out.pftrace", List.of("--logs")));
    List<Map<String, String>> phases = trace.slicesInCategory("exec").stream().map(s -> s.args).toList();
    assertThat(phases).as("argv[0] stays").anySatisfy(a -> assertThat(a).containsEntry("argv[0]", "./curl"))
        .anySatisfy(a -> assertThat(a).containsEntry("argv[0]", "/bin/true").containsEntry("argv[1]", "--password=<redacted>"))
        .anySatisfy(a -> assertThat(a).containsEntry("argv[1]", "--token").containsEntry("argv[2]", "<redacted>")
            .containsEntry("argv[3]", "--verbose"))
        .anySatisfy(a -> assertThat(a).containsEntry("argv[1]", "https://ciuser:<redacted>@git.example/o/r.git"))
        .anySatisfy(a -> assertThat(a).containsEntry("argv[2]", "me:<redacted>").containsEntry("argv[4]", "Authorization: Bearer <redacted>"))
        .allSatisfy(a -> assertThat(a).containsEntry("env.GITHUB_TOKEN", "<redacted>").containsEntry("env.DB_PASSWORD", "<redacted>")
            .containsEntry("env.DATABASE_URL", "postgres://dbuser:<redacted>@db.example/app"));
    assertThat(trace.logs).as("the execve lines are logged, redacted")
        .anySatisfy(l -> assertThat(l.body()).contains("execve(").contains("\"--password=<redacted>\""));

    // OpenTelemetry: spans and log records, with and without exported environments.
    for (List<String> flags : List.of(List.of("--logs"), List.of("--logs", "--env"), List.of("--logs", "--env=all"))) {
      try (OtlpReceiver receiver = OtlpReceiver.start()) {
        CliRun run = otel(log, receiver, flags);
        assertThat(run.exitCode()).as("%s", run).isZero();
        if (flags.contains("--env=all")) {
          // --env=all shows environments as recorded (argv is still redacted): the env secrets are
          // there, and so is the one env put in the environment of the program it ran
          String sent = bodies(receiver);
          assertThat(sent).contains(secretsWhere("env")).contains(secretsWhere("argvEnvAssignment"))
              .doesNotContain(secretsWhere("argvUrl")).doesNotContain(secretsWhere("argvCurl"))
              .doesNotContain(secretsWhere("argvPassword")).doesNotContain(secretsWhere("argvToken"));
        } else {
          assertOtlpHidesSecrets("strace2otel " + flags, receiver);
        }
      }
    }

    // tree and tree --json.
    CliRun tree = CliRun.run(tmp, "tree", log.toString());
    assertThat(tree.exitCode()).as("%s", tree).isZero();
    assertNoSecretIn("tree", (tree.out() + tree.err()).getBytes(StandardCharsets.UTF_8));
    assertThat(tree.out()).contains("curl -u 'me:<redacted>' -H 'Authorization: Bearer <redacted>' https://api.example/x")
        .contains("true 'https://ciuser:<redacted>@git.example/o/r.git'");
    CliRun json = CliRun.run(tmp, "tree", "--json", log.toString());
    assertNoSecretIn("tree --json", json.out().getBytes(StandardCharsets.UTF_8));
    List<List<String>> argvs = treeArgvs(json.out());
    assertThat(argvs).contains(List.of("/bin/true", "--token", "<redacted>", "--verbose"),
        List.of("/usr/bin/env", "DB_PASSWORD=<redacted>", "/bin/true"));

    // strace2json: every event with its decoded values (execve's argv and environment among them)
    // and the process tree; stdout and -o alike.
    CliRun jsonLines = CliRun.run(tmp, "strace2json", log.toString());
    assertThat(jsonLines.exitCode()).as("%s", jsonLines).isZero();
    assertNoSecretIn("strace2json", (jsonLines.out() + jsonLines.err()).getBytes(StandardCharsets.UTF_8));
    assertThat(jsonLines.out()).contains("{\"type\":\"str\",\"text\":\"--password=<redacted>\"}")
        .contains("{\"type\":\"str\",\"text\":\"GITHUB_TOKEN=<redacted>\"}")
        .contains("\"argv\":[\"/bin/true\",\"--token\",\"<redacted>\",\"--verbose\"]");
    assertThat(CliRun.run(tmp, "strace2json", log.toString(), "-o", "out.jsonl").exitCode()).isZero();
    assertNoSecretIn("strace2json -o", Files.readAllBytes(tmp.resolve("out.jsonl")));

    // --no-redact: everything as recorded, in every output (so each search above can fail).
    assertThat(new String(perfetto(log, "plain.pftrace", List.of("--no-redact", "--logs")), StandardCharsets.ISO_8859_1))
        .contains(SECRETS.keySet().toArray(String[]::new));
    assertThat(CliRun.run(tmp, "tree", "--json", "--no-redact", log.toString()).out()).contains(secretsWhere("argv"));
    assertThat(CliRun.run(tmp, "tree", "--no-redact", log.toString()).out()).contains(secretsWhere("argv"));
    assertThat(CliRun.run(tmp, "strace2json", "--no-redact", log.toString()).out()).contains(SECRETS.keySet().toArray(String[]::new));
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      assertThat(otel(log, receiver, List.of("--logs", "--env", "--no-redact")).exitCode()).isZero();
      assertThat(bodies(receiver)).contains(SECRETS.keySet().toArray(String[]::new));
    }
  }

  private void assertOtlpHidesSecrets(String what, OtlpReceiver receiver) {
    assertThat(receiver.spans()).as(what).isNotEmpty();
    assertThat(receiver.logs()).as(what).isNotEmpty();
    assertNoSecretIn(what + ", request bodies", bodies(receiver).getBytes(StandardCharsets.ISO_8859_1));
    String decoded = receiver.spans().stream().map(Object::toString).collect(Collectors.joining())
        + receiver.logs().stream().map(Object::toString).collect(Collectors.joining());
    assertNoSecretIn(what + ", decoded", decoded.getBytes(StandardCharsets.UTF_8));
    Span curl = receiver.spans().stream().filter(s -> s.getName().equals("curl")).findFirst().orElseThrow();
    assertThat(stringArrayAttribute(curl.getAttributesList(), "process.command_args"))
        .containsExactly("./curl", "-u", "me:<redacted>", "-H", "Authorization: Bearer <redacted>", "https://api.example/x");
    if (stringAttribute(curl.getAttributesList(), "process.environment_variable.GITHUB_TOKEN") != null) {
      assertThat(stringAttribute(curl.getAttributesList(), "process.environment_variable.GITHUB_TOKEN")).isEqualTo("<redacted>");
      assertThat(stringAttribute(curl.getAttributesList(), "process.environment_variable.DATABASE_URL"))
          .isEqualTo("postgres://dbuser:<redacted>@db.example/app");
    }
  }

  /**
   * No secret, nor its first or last eight characters (a cut or split secret), anywhere in
   * {@code bytes}; secrets are ASCII, so a byte search is a string search in any encoding here.
   */
  private static void assertNoSecretIn(String what, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).as("%s holds no planted secret", what).doesNotContain("PLANTED");
    for (String secret : SECRETS.keySet()) {
      assertThat(text).as("%s: %s (%s)", what, secret, SECRETS.get(secret))
          .doesNotContain(secret.substring(secret.length() - 8));
    }
  }

  private static String[] secretsWhere(String prefix) {
    return SECRETS.entrySet().stream().filter(e -> e.getValue().startsWith(prefix)).map(Map.Entry::getKey).toArray(String[]::new);
  }

  private byte[] perfetto(Path log, String name, List<String> flags) throws IOException {
    List<String> args = new ArrayList<>(List.of("strace2perfetto", log.toString(), "-o", name));
    args.addAll(flags);
    CliRun run = CliRun.run(tmp, args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertNoSecretIn("strace2perfetto's stderr", run.err().getBytes(StandardCharsets.UTF_8));
    return Files.readAllBytes(tmp.resolve(name));
  }

  private CliRun otel(Path log, OtlpReceiver receiver, List<String> flags) {
    return CliRun.run(tmp, Stream.concat(Stream.of("strace2otel", log.toString(), "--endpoint", receiver.baseUrl()), flags.stream())
        .toArray(String[]::new));
  }

  private static String bodies(OtlpReceiver receiver) {
    return receiver.bodies().stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).collect(Collectors.joining("\n"));
  }

  /** Every packet in protobuf text form: each string field of the trace, interned ones included. */
  private static String decodedStrings(byte[] trace) {
    return DecodedTrace.decode(trace).packets.stream().map(Object::toString).collect(Collectors.joining("\n"));
  }

  private static List<List<String>> treeArgvs(String json) {
    List<List<String>> argvs = new ArrayList<>();
    for (Map<String, Object> process : CorpusTruthTest.listOfObjects(Json.parseObject(json).get("processes"))) {
      for (Map<String, Object> exec : CorpusTruthTest.listOfObjects(process.get("execs"))) {
        argvs.add(((List<?>) exec.get("argv")).stream().map(String.class::cast).toList());
      }
    }
    return argvs;
  }
}
