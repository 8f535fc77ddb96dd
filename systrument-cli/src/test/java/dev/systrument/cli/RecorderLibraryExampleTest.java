package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTracker;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.value.Value;
import dev.systrument.parser.ReaderOptions;
import dev.systrument.parser.StraceReader;
import dev.systrument.parser.record.Recording;
import dev.systrument.parser.record.StraceRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How a test harness uses the recorder (the README links here): run a command under strace from a
 * JUnit test, then assert on what it did — which programs it ran and which files it opened. Only
 * public library API is used: {@link StraceRecorder} starts the command, {@link StraceReader}
 * reads strace's output while it runs, {@link ProcessTracker} rebuilds the process tree.
 */
class RecorderLibraryExampleTest {

  @Test
  void theCommandRanExactlyTheseProgramsAndOpenedOnlyWhatItShould() throws Exception {
    LiveStrace.assumeUsable(); // skipped where strace is missing or ptrace is not allowed

    ProcessTracker tracker = new ProcessTracker();
    List<String> openedPaths = new ArrayList<>();
    int exitCode;
    // By default the recorder traces process and file syscalls (--seccomp-bpf: untraced calls cost
    // nothing) and streams strace's output through a FIFO: nothing is written to disk.
    StraceRecorder recorder = StraceRecorder.builder().build();
    try (Recording recording = recorder.start(List.of("sh", "-c", "cat /etc/hostname >/dev/null"));
        StraceReader reader = StraceReader.open(recording.output(), "sh", ReaderOptions.defaults())) {
      for (TraceEvent event : reader) { // ends when strace ends, i.e. when the command has exited
        tracker.accept(event);
        if (event instanceof SyscallEvent call) {
          openedPath(call).ifPresent(openedPaths::add);
        }
      }
      tracker.finish();
      exitCode = recording.waitFor();
      assertThat(reader.summary().problems()).isZero();
    }
    ProcessTree tree = tracker.snapshot();

    assertThat(exitCode).isZero();
    // "The command ran exactly these programs": sh, then cat (whether sh forked for it or, as dash
    // does for a last command, exec'd it in place).
    List<String> programs = tree.processes().stream()
        .flatMap(p -> p.execs().stream())
        .map(ExecImage::executableName)
        .toList();
    assertThat(programs).containsExactly("sh", "cat");
    ProcessNode root = tree.roots().get(0);
    assertThat(root.execs().get(0).argv()).extracting(Value.Str::text).containsExactly("sh", "-c", "cat /etc/hostname >/dev/null");

    // "It opened /etc/hostname and nothing under ~/.ssh" (every attempt counts, failed ones too).
    assertThat(openedPaths).contains("/etc/hostname");
    String ssh = Path.of(System.getProperty("user.home"), ".ssh").toString();
    assertThat(openedPaths).noneMatch(p -> p.startsWith(ssh));
  }

  /** strace writes into a FIFO in a temporary directory; closing the recording removes both. */
  @Test
  void closingARecordingRemovesItsFifo() throws Exception {
    LiveStrace.assumeUsable();

    Path finished;
    try (Recording recording = StraceRecorder.builder().build().start(List.of("true"))) {
      finished = fifoOf(recording);
      assertThat(finished).exists();
      recording.output().transferTo(java.io.OutputStream.nullOutputStream());
      assertThat(recording.waitFor()).isZero();
    }
    assertThat(finished.getParent()).doesNotExist();
  }

  /**
   * A harness that gives up on a recording (a failed assertion, a timeout) closes it while the
   * command still runs. Nothing may be left behind: no FIFO, and no process of the recording.
   */
  @Test
  void closingARunningRecordingLeavesNoProcessBehind() throws Exception {
    LiveStrace.assumeUsable();
    Set<Long> before = descendantPids();
    List<ProcessHandle> started;
    Path fifo;
    try (Recording recording = StraceRecorder.builder().build().start(List.of("sleep", "30"))) {
      fifo = fifoOf(recording);
      started = ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid())).toList();
    }
    try {
      assertThat(fifo.getParent()).doesNotExist();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(started).as("processes of the recording still alive after close()")
          .noneMatch(ProcessHandle::isAlive);
    } finally {
      started.forEach(ProcessHandle::destroyForcibly); // SIGKILL ends a stopped process too
    }
  }

  private static Set<Long> descendantPids() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  private static Path fifoOf(Recording recording) {
    List<String> command = recording.straceCommand();
    return Path.of(command.get(command.indexOf("-o") + 1));
  }

  /**
   * The file name argument of {@code open}/{@code openat}/{@code creat}, e.g. {@code /etc/hostname}
   * in {@code openat(AT_FDCWD</tmp>, "/etc/hostname", O_RDONLY) = 3</etc/hostname>}.
   */
  private static Optional<String> openedPath(SyscallEvent call) {
    int index;
    switch (call.name()) {
      case "open", "creat" -> index = 0;
      case "openat", "openat2" -> index = 1;
      default -> {
        return Optional.empty();
      }
    }
    List<Value> args = call.arguments().values(); // decoded on first use
    return args.size() > index && args.get(index) instanceof Value.Str path
        ? Optional.of(path.text())
        : Optional.empty();
  }
}
