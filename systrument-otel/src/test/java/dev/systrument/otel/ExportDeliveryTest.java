package dev.systrument.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import dev.systrument.otel.OtelOptions.Protocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing lost when the receiver is slow (back-pressure) and what reaches it, against a real
 * receiver, over OTLP/HTTP and OTLP/gRPC. Misbehaving receivers are {@link ExportFaultsTest} and
 * {@link GrpcExportFaultsTest}.
 */
class ExportDeliveryTest {

  private static OtelOptions.Builder options(OtlpReceiver receiver) {
    return OtelOptions.builder().protocol(receiver.isGrpc() ? Protocol.GRPC : Protocol.HTTP_PROTOBUF)
        .endpoint(receiver.baseUrl()).logs(true).retry(3, Duration.ofMillis(10));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void twentyThousandSpansAndTwoHundredThousandLogRecordsThroughASmallQueueArriveExactlyOnce(Protocol protocol)
      throws Exception {
    int children = 20_000;
    int readsPerChild = 7;
    try (OtlpReceiver receiver = protocol == Protocol.GRPC ? OtlpReceiver.startGrpcCounting() : OtlpReceiver.startCounting()) {
      OtelExporter exporter = OtelExporter.create(options(receiver)
          .queueCapacity(256)
          .batchSizes(100, 500)
          .build());
      long events = feedManyProcesses(exporter, children, readsPerChild);
      ExportResult result = exporter.shutdown();

      long spans = children + 1L; // every child and the root process (the root span)
      assertThat(events).isEqualTo(children * (readsPerChild + 3L) + 2);
      assertThat(result).isEqualTo(new ExportResult(spans, 0, events, 0, null));
      assertThat(receiver.spanCount()).isEqualTo(spans);
      assertThat(receiver.distinctSpanIds()).isEqualTo(spans);
      assertThat(receiver.logCount()).isEqualTo(events);
      assertThat(receiver.distinctLogLines()).isEqualTo(events);
    }
  }

  /**
   * {@code make} (pid 100) spawning {@code children} compilers that each exec, read and exit:
   * clone + execve + reads + exit = reads + 3 events per child, plus make's execve and exit.
   */
  private static long feedManyProcesses(OtelExporter exporter, int children, int reads) {
    long count = 0;
    Task make = new Task(1, 1, 100, 100);
    SyscallEvent makeExec = Events.execve(100, "1795658800.000000", "/usr/bin/make", List.of("make", "-j8"),
        List.of(), Events.ok(0));
    exporter.processStarted(make, null, makeExec.timestampNs());
    exporter.exec(make, Events.image(makeExec, "/usr/bin/make", List.of("make", "-j8"), List.of()));
    exporter.event(make, makeExec);
    count++;
    long micros = 1;
    for (int i = 0; i < children; i++) {
      int pid = 1000 + i;
      Task cc = new Task(2 + i, 2 + i, pid, pid);
      SyscallEvent clone = Events.syscall(100, ts(micros++), "clone3", "{flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD}, 88",
          Events.ok(pid), 1000);
      exporter.processStarted(cc, new Spawn(make, 1, 100, clone), clone.timestampNs());
      exporter.event(make, clone);
      List<String> argv = List.of("cc", "-c", "file" + i + ".c");
      SyscallEvent exec = Events.execve(pid, ts(micros++), "/usr/bin/cc", argv, List.of(), Events.ok(0));
      exporter.exec(cc, Events.image(exec, "/usr/bin/cc", argv, List.of()));
      exporter.event(cc, exec);
      count += 2;
      for (int r = 0; r < reads; r++) {
        exporter.event(cc, Events.syscall(pid, ts(micros++), "read",
            "3</tmp/file" + i + ".c>, \"int main(void) { return 0; }\\n\", 4096", Events.ok(29), 3000));
        count++;
      }
      TraceEvent exit = Events.exited(pid, ts(micros++), 0);
      exporter.event(cc, exit);
      count++;
      exporter.taskEnded(cc, new ExitStatus.Exited(0), exit.timestampNs());
      exporter.processEnded(cc, new ExitStatus.Exited(0), exit.timestampNs());
    }
    TraceEvent makeExit = Events.exited(100, ts(micros), 0);
    exporter.event(make, makeExit);
    count++;
    exporter.processEnded(make, new ExitStatus.Exited(0), makeExit.timestampNs());
    exporter.finished(new ProcessTree(List.of()));
    return count;
  }

  private static String ts(long micros) {
    return String.format("%d.%06d", 1795658800L + micros / 1_000_000, micros % 1_000_000);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Protocol.class, names = {"HTTP_PROTOBUF", "GRPC"})
  void gzipAndHeadersReachTheReceiver(Protocol protocol) throws Exception {
    try (OtlpReceiver receiver = protocol == Protocol.GRPC ? OtlpReceiver.startGrpc() : OtlpReceiver.start()) {
      OtelExporter exporter = OtelExporter.create(options(receiver)
          .compression("gzip")
          .header("Authorization", "Bearer s3cret")
          .build());
      BuildScenario build = new BuildScenario();
      build.replay(exporter);
      assertThat(exporter.shutdown().success()).isTrue();

      assertThat(receiver.spans()).extracting(Span::getName).contains("sh", "env");
      assertThat(receiver.logs()).hasSize(build.fed.size());
      assertThat(receiver.requests()).isNotEmpty().allSatisfy(r -> {
        assertThat(r.contentEncoding()).isEqualTo("gzip");
        // gRPC metadata keys are lower case (HTTP/2)
        assertThat(r.headers().get(protocol == Protocol.GRPC ? "authorization" : "Authorization"))
            .containsExactly("Bearer s3cret");
      });
    }
  }
}
