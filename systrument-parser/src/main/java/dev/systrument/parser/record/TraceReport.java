package dev.systrument.parser.record;

import dev.systrument.model.TraceEvent;
import dev.systrument.model.files.FileAccessCollector;
import dev.systrument.model.files.FileAccesses;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTracker;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.stats.StatsCollector;
import dev.systrument.model.stats.TraceStats;
import dev.systrument.parser.ReadSummary;
import dev.systrument.parser.StraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one traced run tells, in one value: what {@link StraceRecorder#run} returns for a
 * command it ran, and {@link #of(Path)} for a log strace already wrote. For test harnesses:
 *
 * <pre>{@code
 * TraceReport run = StraceRecorder.builder().build().run(List.of("make", "-C", dir.toString()));
 * assertThat(run.exitCode()).isZero();
 * assertThat(run.programs()).contains("gcc");
 * assertThat(run.files().writtenUnder(dir.resolve("out"))).containsExactly(dir.resolve("out/app"));
 * assertThat(run.files().missing()).isEmpty();
 * }</pre>
 *
 * @param exitCode the command's exit code as a shell sees it (128 + signal when killed); for a
 *     log, the first root process's exit code, or -1 when it was killed or did not end in the log
 * @param tree processes, threads, execs and exits
 * @param files every path touched and how
 * @param stats wall time, programs, parallelism, critical path, failures, syscall tables
 * @param summary what the reader saw (lines, syscalls, problems skipped)
 */
public record TraceReport(int exitCode, ProcessTree tree, FileAccesses files, TraceStats stats, ReadSummary summary) {

  /** Reads a strace log (any format systrument reads); its working directory is learnt from the log if it shows. */
  public static TraceReport of(Path log) throws IOException {
    return of(log, null);
  }

  /**
   * Reads a strace log whose traced command started in {@code initialDirectory} (null when not
   * known), so relative paths resolve even in a log without {@code -y}.
   */
  public static TraceReport of(Path log, Path initialDirectory) throws IOException {
    try (StraceReader reader = StraceReader.open(log)) {
      Collected c = collect(reader, initialDirectory);
      return new TraceReport(rootExitCode(c.tree), c.tree, c.files, c.stats, reader.summary());
    }
  }

  /** The programs that ran ({@code sh}, {@code gcc}, ...), one per exec, in the order they ran. */
  public List<String> programs() {
    return tree.programs();
  }

  /** The command line of every exec, in the order they ran: {@code [[sh, -c, make], [make], ...]}. */
  public List<List<String>> commands() {
    return tree.execs().stream().map(ExecImage::arguments).toList();
  }

  record Collected(ProcessTree tree, FileAccesses files, TraceStats stats) {}

  /** Feeds every event of {@code reader} through the tracker with both collectors. */
  static Collected collect(StraceReader reader, Path initialDirectory) throws IOException {
    FileAccessCollector files = new FileAccessCollector(initialDirectory);
    StatsCollector stats = new StatsCollector();
    ProcessTracker tracker = new ProcessTracker(ProcessListener.composite(List.of(files, stats)));
    TraceEvent event;
    while ((event = reader.next()) != null) {
      tracker.accept(event);
    }
    tracker.finish();
    return new Collected(tracker.snapshot(), files.accesses(), stats.stats());
  }

  private static int rootExitCode(ProcessTree tree) {
    List<ProcessNode> roots = tree.roots();
    if (!roots.isEmpty() && roots.get(0).exit() instanceof ExitStatus.Exited e) {
      return e.code();
    }
    return -1;
  }
}
