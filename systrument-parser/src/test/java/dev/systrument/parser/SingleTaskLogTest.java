package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Logs a new user writes by hand, recorded with strace 6.1 on this project's machine
 * (testdata/single-task/README.md says how): no pid prefixes, strace's own messages first,
 * attached processes, {@code -r}. Every line gets its task's pid and the log's time format.
 */
class SingleTaskLogTest {

  private static Path fixture(String name) {
    return Corpus.directory().resolveSibling("single-task").resolve(name);
  }

  private static Logs read(String name) throws IOException {
    Logs logs = Logs.read(fixture(name), ReaderOptions.defaults().withValidateArguments(true));
    assertThat(logs.problems()).isEmpty();
    return logs;
  }

  private static List<Integer> pidsOfRecords(Logs logs) {
    return logs.events().stream().filter(e -> !(e instanceof DiagnosticEvent)).map(TraceEvent::pid).distinct().toList();
  }

  @Test
  void withoutFollowForksThePidIsTheResultOfSetTidAddress() throws IOException {
    // strace -o ls.strace -ttt -T ls /   (line 39: set_tid_address(0x7fcc161b1ad0) = 6692)
    Logs logs = read("ls.strace");
    assertThat(logs.summary().syscalls()).isEqualTo(146);
    assertThat(pidsOfRecords(logs)).containsExactly(6692);
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(TimeKind.EPOCH);
  }

  @Test
  void aStderrCaptureOfACommandThatNeverForks() throws IOException {
    // strace -ttt -T -- true 2> true-stderr.strace
    assertThat(pidsOfRecords(read("true-stderr.strace"))).containsExactly(6696);
  }

  @Test
  void oneFollowForksMemberOnItsOwnTakesThePidOfItsName() throws IOException {
    // strace -ff -ttt -T -o ff/trace sh -c 'ls / >/dev/null; :'
    assertThat(pidsOfRecords(read("ff/trace.6701"))).containsExactly(6701);
    // the forked child: its first lines come before its exec and its set_tid_address
    assertThat(pidsOfRecords(read("ff/trace.6702"))).containsExactly(6702);
  }

  @Test
  void aLeadingSeccompNoticeNeitherHidesTheTimesNorNamesATask() throws IOException {
    // strace --seccomp-bpf -fe 'status=!unfinished' -Ttttyyv -s 4096 -- sh -c 'echo hi | cat >/dev/null' 2> ...
    Logs logs = read("seccomp-stderr.strace");
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(TimeKind.EPOCH);
    DiagnosticEvent notice = (DiagnosticEvent) logs.events().get(0);
    assertThat(notice.text()).startsWith("strace: Seccomp filter is requested");
    assertThat(notice.pid()).isZero();
    assertThat(notice.timestampNs()).isEqualTo(logs.events().get(1).timestampNs()); // the first record's time
    assertThat(logs.events().subList(1, logs.events().size())).extracting(TraceEvent::pid).doesNotContain(0);
    SyscallEvent exec = logs.only(SyscallEvent.class).get(0);
    assertThat(exec.name()).isEqualTo("execve");
    assertThat(exec.pid()).isEqualTo(logs.only(SyscallEvent.class).stream()
        .filter(s -> s.name().equals("set_tid_address")).findFirst().orElseThrow().pid());
  }

  @Test
  void anAttachedProcessWithoutFollowForksIsThePidStraceAttachedTo() throws IOException {
    // /usr/bin/python3 thr.py & strace -ttt -T -p $! 2> attach-nof-stderr.strace
    Logs logs = read("attach-nof-stderr.strace");
    assertThat(pidsOfRecords(logs)).containsExactly(25905);
    assertThat(logs.only(DiagnosticEvent.class).get(0).kind()).isEqualTo(DiagnosticEvent.Kind.ATTACHED);
  }

  @Test
  void anAttachedProcessWithItsThreadsKeepsEachTidAndTheLeaderIsTheFirstTask() throws IOException {
    // strace -f -ttt -T -p $! 2> attach-threads-stderr.strace: "Process 25728 attached with 3 threads"
    Logs logs = read("attach-threads-stderr.strace");
    assertThat(pidsOfRecords(logs)).containsExactlyInAnyOrder(25728, 25730, 25731);
  }

  @Test
  void aLogThatNeverTellsItsPidGetsTheUnknownPid() throws IOException {
    // sleep 3 & strace -ttt -T -p $! -o attach-nof.strace: one line, the attach message went to the terminal
    Logs logs = read("attach-nof.strace");
    assertThat(pidsOfRecords(logs)).containsExactly(TraceEvent.UNKNOWN_PID);
  }

  @Test
  void relativeTimesAddUpToAClockFromTheFirstRecord() throws IOException {
    // strace -f -r -T -o r.strace sh -c 'ls / >/dev/null'
    Logs logs = read("r.strace");
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(TimeKind.RELATIVE);
    assertThat(logs.events().get(0).timestampNs()).isZero();
    long last = -1;
    for (TraceEvent e : logs.events()) {
      assertThat(e.timestampNs()).isGreaterThanOrEqualTo(last);
      last = e.timestampNs();
    }
    assertThat(last).isGreaterThan(1_000_000L); // sh and ls take more than a millisecond
  }

  @Test
  void relativeWithAbsoluteTimesUsesTheAbsoluteOnes() throws IOException {
    // strace -f -r -ttt -T -o r-ttt.strace sh -c 'ls / >/dev/null': `6721 1796701128.2 (+     0.000228) brk(NULL)`
    Logs logs = read("r-ttt.strace");
    assertThat(logs.summary().foreignLines()).isZero();
    assertThat(logs.summary().syscalls()).isGreaterThan(200);
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(TimeKind.EPOCH);
    assertThat(logs.events().get(0).timestampNs()).isGreaterThan(1_700_000_000_000_000_000L);
  }
}
