package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.parser.record.Recording;
import dev.systrument.parser.record.StraceRecorder;
import dev.systrument.parser.record.TraceReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a test harness uses the recorder (the README links here): run a command under strace from a
 * JUnit test in one call, then assert on what it did — which programs it ran, which files it
 * wrote, which paths it looked up in vain. Only public library API is used: {@link
 * StraceRecorder#run} records and returns a {@link TraceReport}; the same from a log file is
 * {@link TraceReport#of}.
 */
class RecorderLibraryExampleTest {

  @Test
  void theCommandRanExactlyTheseProgramsAndOpenedOnlyWhatItShould() throws Exception {
    LiveStrace.assumeUsable(); // skipped where strace is missing or ptrace is not allowed

    TraceReport run = StraceRecorder.builder().build().run(List.of("sh", "-c", "cat /etc/hostname >/dev/null"));

    assertThat(run.exitCode()).isZero();
    // sh, then cat (whether sh forked for it or, as dash does for a last command, exec'd it in place)
    assertThat(run.programs()).containsExactly("sh", "cat");
    assertThat(run.commands().get(0)).containsExactly("sh", "-c", "cat /etc/hostname >/dev/null");
    assertThat(run.files().readBy("cat")).contains(Path.of("/etc/hostname"));
    assertThat(run.files().under(Path.of(System.getProperty("user.home"), ".ssh")).list()).isEmpty();
  }

  @Test
  void whichFilesItWroteAndWhichPathsItLookedUpInVain(@TempDir Path dir) throws Exception {
    LiveStrace.assumeUsable();

    TraceReport run = StraceRecorder.builder().workingDirectory(dir).build()
        .run(List.of("sh", "-c", "echo hi > out.txt; cat missing.txt 2>/dev/null; true"));

    assertThat(run.files().writtenUnder(dir)).containsExactly(dir.resolve("out.txt"));
    assertThat(run.files().missing()).contains(dir.resolve("missing.txt"));
    assertThat(run.stats().failures().exits()).extracting(f -> f.program()).containsExactly("cat"); // cat exited 1
  }

  /** The same questions of a log strace wrote earlier: here the corpus's make build. */
  @Test
  void theSameFromALogFile() throws Exception {
    TraceReport build = TraceReport.of(Corpus.log("w07-build.C-full.strace"));

    assertThat(build.exitCode()).isZero();
    assertThat(build.programs()).contains("make", "gcc", "cc1", "as", "ld");
    assertThat(build.files().writtenUnder(Path.of("/tmp/corpuswork/proj7"))).contains(Path.of("/tmp/corpuswork/proj7/app"));
    assertThat(build.stats().criticalPrograms()).startsWith("make", "gcc").endsWith("sh", "app");
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
}
