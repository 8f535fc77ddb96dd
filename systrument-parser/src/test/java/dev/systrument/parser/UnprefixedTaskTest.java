package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Whose lines the unprefixed ones are, learnt from what the log shows (lines from strace 6.1). */
class UnprefixedTaskTest {

  @Test
  void theFileSuffixComesFirst() {
    UnprefixedTask t = new UnprefixedTask(6701);
    assertThat(t.record(FramedLine.NO_PID, false)).isEqualTo(6701);
    assertThat(t.ownerOfUnprefixed()).isEqualTo(6701);
  }

  @Test
  void anAttachMessageBeforeTheFirstRecordNamesTheTask() {
    UnprefixedTask t = new UnprefixedTask(-1);
    t.attached(25905); // strace: Process 25905 attached
    assertThat(t.record(FramedLine.NO_PID, false)).isEqualTo(25905);
  }

  @Test
  void theAttachedLeaderIsTheFirstTaskEvenWhenAThreadPrintsFirst() {
    UnprefixedTask t = new UnprefixedTask(-1);
    t.attached(25728); // strace: Process 25728 attached with 3 threads
    assertThat(t.record(25731, true)).isEqualTo(25728); // [pid 25731] clock_nanosleep(...
    assertThat(t.pid()).isEqualTo(25728);
  }

  @Test
  void inAStderrCaptureTheFirstUnannouncedBracketPidIsTheFirstTask() {
    UnprefixedTask t = new UnprefixedTask(-1);
    assertThat(t.record(FramedLine.NO_PID, false)).isEqualTo(UnprefixedTask.NOT_YET);
    assertThat(t.ownerOfUnprefixed()).isEqualTo(UnprefixedTask.NOT_YET);
    t.attached(19601); // strace: Process 19601 attached
    assertThat(t.record(19601, true)).isEqualTo(UnprefixedTask.NOT_YET);
    assertThat(t.record(19599, true)).isEqualTo(19599);
  }

  @Test
  void afterPrefixesAnUnprefixedLineIsTheOnlyLiveTasksOrNobodys() {
    UnprefixedTask t = new UnprefixedTask(-1);
    t.record(19599, true);
    t.attached(19601);
    assertThat(t.ownerOfUnprefixed()).isEqualTo(UnprefixedTask.NOBODY);
    t.ended(19601); // [pid 19601] +++ exited with 0 +++
    assertThat(t.ownerOfUnprefixed()).isEqualTo(19599);
  }

  @Test
  void ownCallsAndAChildsGetppidTellThePid() throws IOException {
    Logs own = Logs.read("1796701128.107609 set_tid_address(0x7f9c92973a10) = 6696 <0.000008>\n");
    UnprefixedTask t = new UnprefixedTask(-1);
    t.record(FramedLine.NO_PID, false);
    SyscallEvent unprefixed = (SyscallEvent) EventCopies.withPid(own.only(SyscallEvent.class).get(0), UnprefixedTask.NOT_YET);
    assertThat(t.evidence(unprefixed)).isEqualTo(6696);
    assertThat(own.only(SyscallEvent.class).get(0).pid()).isEqualTo(6696); // as the reader learnt it

    Logs child = Logs.read("[pid 19601] 1795658719.877032 getppid() = 19599 <0.000008>\n");
    UnprefixedTask u = new UnprefixedTask(-1);
    u.attached(19601);
    assertThat(u.evidence(child.only(SyscallEvent.class).get(0))).isEqualTo(19599);
    // a getppid of a task that was not announced as a child tells nothing
    assertThat(new UnprefixedTask(-1).evidence(child.only(SyscallEvent.class).get(0))).isEqualTo(UnprefixedTask.NOT_YET);
  }

  @Test
  void unprefixedLinesAmongPrefixedOnesGoToTheOnlyLiveTask() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "1000  1796701128.100000 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3 <0.000010>",
        "1796701128.100100 read(3, \"root:x:0:0:root:/root:/bin/bash\\n\", 4096) = 32 <0.000008>",
        "1796701128.100200 close(3) = 0 <0.000007>",
        "1000  1796701128.100300 write(1, \"root\\n\", 5) = 5 <0.000009>",
        ""));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.only(SyscallEvent.class)).extracting(TraceEvent::pid).containsOnly(1000);
  }

  @Test
  void unprefixedLinesAmongSeveralLiveTasksAreLocatedProblems() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "1000  1796701128.100000 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3 <0.000010>",
        "1001  1796701128.100050 getpid() = 1001 <0.000005>",
        "1796701128.100100 read(3, \"root:x:0:0:root:/root:/bin/bash\\n\", 4096) = 32 <0.000008>",
        "1000  1796701128.100300 write(1, \"root\\n\", 5) = 5 <0.000009>",
        ""));
    assertThat(logs.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).contains("no pid in front of this line, and 2 tasks are running");
    });
    assertThat(logs.only(SyscallEvent.class)).extracting(SyscallEvent::name).containsExactly("openat", "getpid", "write");
    assertThat(logs.events()).extracting(TraceEvent::pid).doesNotContain(0, -1, TraceEvent.UNKNOWN_PID);
  }
}
