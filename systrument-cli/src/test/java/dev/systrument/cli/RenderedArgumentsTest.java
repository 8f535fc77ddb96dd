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
 * converts every corpus log both ways and compares the bytes; and with the arguments rendered
 * ahead (as the CLI's reading thread does while the writer is behind).
 */
class RenderedArgumentsTest {
  static Stream<Path> corpus() {
    return Corpus.logs().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void renderedAndDecodedArgumentsGiveTheSameTrace(Path log) throws IOException {
    byte[] rendered = convert(log, Prepare.NOTHING);
    byte[] decoded = convert(log, Prepare.DECODE);
    byte[] renderedAhead = convert(log, Prepare.RENDER_AHEAD);
    assertThat(rendered).hasSizeGreaterThan(1000);
    assertThat(rendered).as("trace with rendered arguments = trace with decoded arguments").isEqualTo(decoded);
    assertThat(renderedAhead).as("trace with arguments rendered ahead = rendered on the spot").isEqualTo(rendered);
  }

  /** What is done to each syscall's arguments before the writer sees the event. */
  private enum Prepare { NOTHING, DECODE, RENDER_AHEAD }

  private static byte[] convert(Path log, Prepare prepare) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StraceReader reader = StraceReader.open(log, ReaderOptions.defaults().withProblemSink(p -> {}));
        PerfettoWriter writer = new PerfettoWriter(out)) {
      ProcessTracker tracker = new ProcessTracker(writer);
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        if (e instanceof SyscallEvent s) {
          switch (prepare) {
            case DECODE -> s.arguments().values(); // renderTo() declines once the values exist
            case RENDER_AHEAD -> s.arguments().renderAhead(); // as the CLI's reading thread does
            case NOTHING -> {}
          }
        }
        tracker.accept(e);
      }
      tracker.finish();
    }
    return out.toByteArray();
  }
}
