package dev.systrument.perfetto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import dev.systrument.perfetto.proto.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The decoded packet list of a small scenario, as protobuf text, is stable. After an intended
 * change of the output, regenerate with {@code -Dsystrument.updateGolden=true} and review the diff.
 */
class GoldenTraceTest {
  private static final String GOLDEN = "golden/pyspawn-logs.textproto";

  @Test
  void pyspawnWithLogs() throws IOException {
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS.withLogs(true), Scenarios::pyspawn);
    String actual = TextFormat.printer().escapingNonAscii(false).printToString(Trace.parseFrom(bytes));

    if (Boolean.getBoolean("systrument.updateGolden")) {
      Path file = Path.of(System.getProperty("systrument.repoRoot"), "systrument-perfetto/src/test/resources", GOLDEN);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    String expected;
    try (InputStream in = GoldenTraceTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
      assertThat(in).as("missing golden file %s (generate it with -Dsystrument.updateGolden=true)", GOLDEN).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!Boolean.getBoolean("systrument.updateGolden")) {
      assertThat(actual).isEqualTo(expected);
    }
    PftraceValidator.assertStrictlyValid(bytes);
  }
}
