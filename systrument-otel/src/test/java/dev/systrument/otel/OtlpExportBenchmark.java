package dev.systrument.otel;

import com.sun.net.httpserver.HttpServer;
import dev.systrument.model.Arguments;
import dev.systrument.model.SourceLocation;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import dev.systrument.model.value.Value.Str;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Throughput of {@link OtelExporter} to a local OTLP/HTTP receiver that reads and discards request
 * bodies: spans per second (processes that fork, exec and exit) and log records per second
 * (syscalls of one process). Not a unit test; run by hand after {@code verify}:
 *
 * <pre>
 * CP=$(find ~/.m2/repository/io/opentelemetry -name '*1.68.0.jar' | grep -v okhttp | tr '\n' ':')
 * java -cp "systrument-otel/target/classes:systrument-otel/target/test-classes:systrument-model/target/classes:$CP" \
 *     dev.systrument.otel.OtlpExportBenchmark [processes] [logRecords]
 * </pre>
 *
 * <p>On the shared 2-core build machine (2026-11-26, 100,000 processes, 1,000,000 records):
 * spans best 228,340/s, median 91,733/s; log records best 427,130/s, median 364,238/s; no loss.
 *
 * Each measurement is repeated 5 times after 2 warm-up rounds; the best and median rates are printed.
 */
public final class OtlpExportBenchmark {
  private OtlpExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int processes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int logRecords = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      measure("spans", processes + 2, () -> spans(base, processes));
      measure("log records", logRecords, () -> logs(base, logRecords));
    } finally {
      server.stop(0);
      System.exit(0);
    }
  }

  private interface Run {
    ExportResult run();
  }

  private static void measure(String what, long items, Run run) {
    double[] rates = new double[7];
    for (int i = 0; i < rates.length; i++) {
      long start = System.nanoTime();
      ExportResult result = run.run();
      long elapsed = System.nanoTime() - start;
      if (!result.success()) {
        throw new IllegalStateException(result.summary());
      }
      rates[i] = items * 1e9 / elapsed;
    }
    double[] measured = java.util.Arrays.copyOfRange(rates, 2, rates.length);
    java.util.Arrays.sort(measured);
    System.out.printf("%-12s %,d per run: best %,.0f/s, median %,.0f/s%n", what, items,
        measured[measured.length - 1], measured[measured.length / 2]);
  }

  /** make forking {@code n} compilers, each exec'ing and exiting: n + 2 spans. */
  private static ExportResult spans(String base, int n) {
    OtelExporter exporter = OtelExporter.create(OtelOptions.builder().endpoint(base).build());
    Task make = new Task(1, 1, 100, 100);
    long t = 1_795_658_800_000_000_000L;
    exporter.processStarted(make, null, t);
    exporter.exec(make, image(100, t, "/usr/bin/make", List.of("make", "-j8")));
    List<Str> argv = List.of(Str.of("cc"), Str.of("-c"), Str.of("file.c"));
    Str path = Str.of("/usr/bin/cc");
    for (int i = 0; i < n; i++) {
      int pid = 1000 + i;
      Task cc = new Task(2 + i, 2 + i, pid, pid);
      exporter.processStarted(cc, new Spawn(make, 1, 100, null), t += 1000);
      exporter.exec(cc, new ExecImage(path, argv, List.of(), false, t += 1000, pid));
      exporter.processEnded(cc, new ExitStatus.Exited(0), t += 1000);
    }
    exporter.processEnded(make, new ExitStatus.Exited(0), t + 1000);
    exporter.finished(new ProcessTree(List.of()));
    return exporter.shutdown();
  }

  /** One process making {@code n} read calls, each a log record. */
  private static ExportResult logs(String base, int n) {
    OtelExporter exporter = OtelExporter.create(OtelOptions.builder().endpoint(base).logs(true).build());
    Task task = new Task(1, 1, 100, 100);
    long t = 1_795_658_800_000_000_000L;
    exporter.processStarted(task, null, t);
    exporter.exec(task, image(100, t, "/usr/bin/cc1", List.of("cc1", "file.c")));
    Arguments args = Arguments.of("3</tmp/proj/file.c>, \"#include <stdio.h>\\nint main(void) {\"..., 4096", List.of());
    SyscallResult result = SyscallResult.of(4096);
    for (int i = 0; i < n; i++) {
      exporter.event(task, new SyscallEvent(100, t += 1000, TimeKind.EPOCH, "", new SourceLocation("bench", i + 1),
          "read", args, result, 3000, SyscallEvent.NO_TIMESTAMP, SyscallEvent.Completion.COMPLETE, List.of()));
    }
    exporter.processEnded(task, new ExitStatus.Exited(0), t + 1000);
    exporter.finished(new ProcessTree(List.of()));
    return exporter.shutdown();
  }

  private static ExecImage image(int pid, long t, String path, List<String> argv) {
    return new ExecImage(Str.of(path), argv.stream().map(Str::of).toList(), List.of(), false, t, pid);
  }
}
