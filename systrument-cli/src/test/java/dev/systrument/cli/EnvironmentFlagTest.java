package dev.systrument.cli;

import static dev.systrument.otel.OtlpReceiver.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.otel.OtlpReceiver;
import dev.systrument.perfetto.DecodedTrace;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --env} from the command line to both exporters, on a log whose exec carries
 * {@code GITHUB_TOKEN=...}: Perfetto redacts by default, OpenTelemetry exports no environment
 * unless asked (docs/perfetto.md, docs/otel.md); a bare {@code --env} means redacted.
 */
class EnvironmentFlagTest {
  private static final String TOKEN = "ghp_not_a_real_token";

  @TempDir Path tmp;

  @Test
  void perfettoRedactsByDefault() throws IOException {
    assertThat(perfettoEnv()).containsEntry("env.GITHUB_TOKEN", "<redacted>").containsEntry("env.HOME", "/home/builder");
    assertThat(perfettoEnv("--env")).containsEntry("env.GITHUB_TOKEN", "<redacted>");
    assertThat(perfettoEnv("--env", "redacted")).containsEntry("env.GITHUB_TOKEN", "<redacted>");
    assertThat(perfettoEnv("--env=all")).containsEntry("env.GITHUB_TOKEN", TOKEN);
    assertThat(perfettoEnv("--env=none")).isEmpty();
  }

  @Test
  void perfettoNeverWritesTheSecretUnlessAskedTo() throws IOException {
    convertToPerfetto("--logs"); // the execve line itself is a log message too
    assertThat(new String(Files.readAllBytes(tmp.resolve("env.pftrace")), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(TOKEN);
  }

  @Test
  void otelExportsNoEnvironmentUnlessAsked() throws IOException {
    assertThat(otelEnv()).isEmpty();
    assertThat(otelEnv("--env")).containsEntry("process.environment_variable.GITHUB_TOKEN", "<redacted>")
        .containsEntry("process.environment_variable.HOME", "/home/builder");
    assertThat(otelEnv("--env=all")).containsEntry("process.environment_variable.GITHUB_TOKEN", TOKEN);
  }

  /**
   * With --logs every strace line goes out, execve's env included: the log body and the
   * syscall-arguments attribute are redacted like the span attributes (by default: not exported).
   */
  @Test
  void otelLogRecordsCarryNoSecret() throws IOException {
    for (String[] flags : new String[][] {{"--logs"}, {"--logs", "--env"}}) {
      Path log = CliBehaviourTest.copyResource("logs/secret-env.strace", tmp.resolve("env.strace"));
      try (OtlpReceiver receiver = OtlpReceiver.start()) {
        CliRun run = CliRun.run(tmp, Stream.concat(Stream.of("strace2otel", log.toString(), "--endpoint", receiver.baseUrl()),
            Stream.of(flags)).toArray(String[]::new));
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(receiver.logs()).isNotEmpty();
        assertThat(receiver.logs()).allSatisfy(record -> assertThat(record.toString()).doesNotContain(TOKEN));
        assertThat(receiver.logs()).anySatisfy(record -> assertThat(record.getBody().getStringValue()).contains("execve("));
      }
    }
  }

  @Test
  void unknownEnvModeIsAUsageError() throws IOException {
    Path log = CliBehaviourTest.copyResource("logs/secret-env.strace", tmp.resolve("env.strace"));

    CliRun run = CliRun.run(tmp, "strace2perfetto", log.toString(), "-o", "x.pftrace", "--env=some");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(tmp.resolve("x.pftrace")).doesNotExist();
  }

  private Map<String, String> perfettoEnv(String... flags) throws IOException {
    DecodedTrace trace = convertToPerfetto(flags);
    DecodedTrace.Slice exec = trace.slicesInCategory("exec").get(0);
    return exec.args.entrySet().stream().filter(e -> e.getKey().startsWith("env."))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private DecodedTrace convertToPerfetto(String... flags) throws IOException {
    Path log = CliBehaviourTest.copyResource("logs/secret-env.strace", tmp.resolve("env.strace"));
    CliRun run = CliRun.run(tmp, Stream.concat(Stream.of("strace2perfetto", log.toString(), "-o", "env.pftrace"), Stream.of(flags))
        .toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    return DecodedTrace.decode(Files.readAllBytes(tmp.resolve("env.pftrace")));
  }

  private Map<String, String> otelEnv(String... flags) throws IOException {
    Path log = CliBehaviourTest.copyResource("logs/secret-env.strace", tmp.resolve("env.strace"));
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      CliRun run = CliRun.run(tmp, Stream.concat(Stream.of("strace2otel", log.toString(), "--endpoint", receiver.baseUrl()), Stream.of(flags))
          .toArray(String[]::new));
      assertThat(run.exitCode()).as("%s", run).isZero();
      Span make = receiver.spans().stream().filter(s -> s.getName().equals("make")).findFirst().orElseThrow();
      assertThat(stringAttribute(make.getAttributesList(), "process.executable.path")).isEqualTo("/usr/bin/make");
      return make.getAttributesList().stream().filter(a -> a.getKey().startsWith("process.environment_variable."))
          .collect(Collectors.toMap(a -> a.getKey(), a -> a.getValue().getStringValue()));
    }
  }
}
