package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ProcessTracker;
import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import dev.systrument.perfetto.PerfettoWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Perfetto writer shows each syscall argument either from text rendered straight from the
 * log's bytes ({@code Arguments.renderTo}, the fast path) or from the decoded values (when the
 * renderer declines, or the values are decoded already). Both must give the very same trace: this
 * converts every corpus log both ways and compares the bytes.
 */
class RenderedArgumentsTest {
  static Stream<Path> corpus() {
    return Corpus.logs().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void renderedAndDecodedArgumentsGiveTheSameTrace(Path log) throws IOException {
    byte[] rendered = convert(log, false);
    byte[] decoded = convert(log, true);
    assertThat(rendered).hasSizeGreaterThan(1000);
    assertThat(rendered).as("trace with rendered arguments = trace with decoded arguments").isEqualTo(decoded);
  }

  private static byte[] convert(Path log, boolean decodeFirst) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StraceReader reader = StraceReader.open(log, ReaderOptions.defaults().withProblemSink(p -> {}));
        PerfettoWriter writer = new PerfettoWriter(out)) {
      ProcessTracker tracker = new ProcessTracker(writer);
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        if (decodeFirst && e instanceof SyscallEvent s) {
          s.arguments().values(); // renderTo() declines once the values exist
        }
        tracker.accept(e);
      }
      tracker.finish();
    }
    return out.toByteArray();
  }
}
