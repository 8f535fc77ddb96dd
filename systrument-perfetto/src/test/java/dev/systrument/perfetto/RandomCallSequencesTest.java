package dev.systrument.perfetto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.Redaction;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: any listener call sequence that respects the order contract gives a trace that the
 * trace processor imports without violations, with strictly nested slices and one track per
 * process identity and per task.
 */
class RandomCallSequencesTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void contractRespectingSequencesGiveValidTraces(long seed) {
    Random pick = new Random(~seed);
    PerfettoOptions options = new PerfettoOptions(
        pick.nextInt(4) != 0, pick.nextBoolean(), new Redaction(Redaction.Env.values()[pick.nextInt(3)], pick.nextBoolean()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PerfettoWriter writer = new PerfettoWriter(out, options);
    RandomListenerCalls calls = new RandomListenerCalls(seed, writer);
    calls.run(300);
    writer.close();
    byte[] bytes = out.toByteArray();

    DecodedTrace trace = DecodedTrace.decode(bytes);
    assertThat(trace.nestingErrors).as("options %s", options).isEmpty();
    PftraceValidator.assertStrictlyValid(bytes);

    PerfettoWriter.Stats stats = writer.stats();
    assertThat(trace.processTracks()).hasSize(calls.processesStarted);
    assertThat(trace.threadTracks()).hasSize(calls.tasksStarted);
    assertThat(stats.processTracks()).isEqualTo(calls.processesStarted);
    assertThat(stats.threadTracks()).isEqualTo(calls.tasksStarted);
    assertThat(stats.flows()).isEqualTo(trace.flows.size());
    assertThat(stats.execSlices()).isEqualTo(trace.slicesInCategory("exec").size());
    assertThat(stats.logMessages()).isEqualTo(trace.logs.size());
    // Every flow goes from a spawning call to a slice on another track that starts no earlier.
    for (DecodedTrace.Flow f : trace.flows) {
      assertThat(f.from().name).isIn("clone", "fork", "vfork", "clone3");
      assertThat(f.to().track).isNotEqualTo(f.from().track);
      assertThat(f.to().tsNs).isGreaterThanOrEqualTo(f.from().tsNs);
    }
  }
}
