package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SourceLocation;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallEvent.Completion;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.value.Value;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's joining, ordering, time and problem rules on small hand-written logs. */
class StraceReaderTest {

  @Test
  void joinsUnfinishedAndResumedHalvesPerPid() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "19631 1795658720.108411 wait4(-1,  <unfinished ...>",
        "19632 1795658720.114933 exit_group(0)   = ?",
        "19632 1795658720.115271 +++ exited with 0 +++",
        "19631 1795658720.115300 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 19632 <0.006889>",
        ""));
    assertThat(logs.problems()).isEmpty();
    List<SyscallEvent> calls = logs.only(SyscallEvent.class);
    assertThat(calls).hasSize(2);
    SyscallEvent wait = calls.get(0);
    assertThat(wait.name()).isEqualTo("wait4");
    assertThat(wait.pid()).isEqualTo(19631);
    assertThat(wait.timestampNs()).isEqualTo(1795658720108411000L);
    assertThat(wait.resumedTimestampNs()).isEqualTo(1795658720115300000L);
    assertThat(wait.durationNs()).isEqualTo(6889000L);
    assertThat(wait.result().value()).isEqualTo(19632);
    assertThat(wait.completion()).isEqualTo(Completion.COMPLETE);
    assertThat(wait.location()).isEqualTo(new SourceLocation("test.strace", 1));
    assertThat(wait.arguments().text()).isEqualTo("-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL");
    assertThat(wait.arguments().values()).hasSize(4);
    assertThat(logs.summary().syscalls()).isEqualTo(2);
    assertThat(logs.summary().physicalLines()).isEqualTo(4);
    assertThat(logs.summary().events()).isEqualTo(3);
  }

  @Test
  void strace616PutsTheCommaAfterTheResumedMarkerAndJoinsTheSame() throws IOException {
    String old = "5 read(3</etc/x>,  <unfinished ...>\n6 getpid() = 6\n5 <... read resumed>\"data\", 4096) = 4\n";
    String v616 = "5 read(3</etc/x> <unfinished ...>\n6 getpid() = 6\n5 <... read resumed>, \"data\", 4096) = 4\n";
    SyscallEvent a = Logs.read(old).only(SyscallEvent.class).get(0);
    SyscallEvent b = Logs.read(v616).only(SyscallEvent.class).get(0);
    assertThat(a.arguments().text()).isEqualTo("3</etc/x>, \"data\", 4096");
    assertThat(b.arguments()).isEqualTo(a.arguments());
    assertThat(b.arguments().values()).containsExactly(
        new Value.Annotated(new Value.Num(3, "3"), "/etc/x"), Value.Str.of("data"), new Value.Num(4096, "4096"));
  }

  @Test
  void resumedHalfCompletingTheLastValue() throws IOException {
    SyscallEvent clone3 = Logs.read(String.join("\n",
        "20046 clone3({flags=CLONE_VM, exit_signal=0} <unfinished ...>",
        "20047 getpid() = 20047",
        "20046 <... clone3 resumed> => {parent_tid=[20048]}, 88) = 20048", "")).only(SyscallEvent.class).get(0);
    assertThat(clone3.arguments().text()).isEqualTo("{flags=CLONE_VM, exit_signal=0} => {parent_tid=[20048]}, 88");
    assertThat(clone3.arguments().values().get(0)).isInstanceOf(Value.Changed.class);
  }

  @Test
  void bareContinuationAfterUnfinishedWithStatusFilter() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "19504 1795658719.280206 read(3</etc/locale.alias>,  <unfinished ...>",
        "\"\", 4096)                               = 0 <0.000060>",
        "19504 1795658719.280300 close(3</etc/locale.alias>) = 0 <0.000010>", ""));
    assertThat(logs.problems()).isEmpty();
    List<SyscallEvent> calls = logs.only(SyscallEvent.class);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).arguments().text()).isEqualTo("3</etc/locale.alias>, \"\", 4096");
    assertThat(calls.get(0).durationNs()).isEqualTo(60_000);
    assertThat(calls.get(0).timestampNs()).isEqualTo(1795658719280206000L);
    assertThat(calls.get(0).completion()).isEqualTo(Completion.COMPLETE);
    assertThat(logs.summary().syscalls()).isEqualTo(2);
  }

  @Test
  void stderrCaptureWithGluedAttachMessagesAndProgramOutput() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "1795658719.876700 getpid()              = 19599 <0.000008>",
        "1795658719.876722 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLDstrace: Process 19601 attached",
        "hello from the program",
        ", child_tidptr=0x7f5b3725fa10) = 19601 <0.000113>",
        "[pid 19601] 1795658719.876939 set_robust_list(0x7f5b3725fa20, 24strace: Process 19600 attached",
        ") = 0 <0.000013>",
        "[pid 19599] 1795658719.877000 wait4(-1,  <unfinished ...>",
        "[pid 19601] 1795658719.877100 exit_group(0) = ?",
        "[pid 19601] 1795658719.877200 +++ exited with 0 +++",
        "[pid 19600] 1795658719.877300 exit_group(0) = ?",
        "[pid 19600] 1795658719.877400 +++ exited with 0 +++",
        "<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 19601 <0.000500>",
        "1795658719.878000 exit_group(0)         = ?",
        "1795658719.878100 +++ exited with 0 +++",
        ""));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.summary().foreignLines()).isEqualTo(1);
    List<SyscallEvent> calls = logs.only(SyscallEvent.class);
    assertThat(calls).extracting(SyscallEvent::name)
        .containsExactly("getpid", "clone", "set_robust_list", "wait4", "exit_group", "exit_group", "exit_group");
    // unprefixed lines belong to the first task, whose pid shows in a later `[pid N]` prefix
    assertThat(calls.get(0).pid()).isEqualTo(19599);
    SyscallEvent clone = calls.get(1);
    assertThat(clone.pid()).isEqualTo(19599);
    assertThat(clone.arguments().text())
        .isEqualTo("child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x7f5b3725fa10");
    assertThat(clone.result().value()).isEqualTo(19601);
    assertThat(calls.get(2).pid()).isEqualTo(19601);
    assertThat(calls.get(2).arguments().text()).isEqualTo("0x7f5b3725fa20, 24");
    assertThat(calls.get(3).pid()).isEqualTo(19599);
    assertThat(calls.get(3).result().value()).isEqualTo(19601);
    assertThat(calls.get(6).pid()).isEqualTo(19599);
    assertThat(logs.only(DiagnosticEvent.class)).extracting(DiagnosticEvent::pid).containsExactly(19601, 19600);
    assertThat(logs.only(DiagnosticEvent.class)).extracting(DiagnosticEvent::kind)
        .containsOnly(DiagnosticEvent.Kind.ATTACHED);
    assertThat(logs.only(ExitEvent.class)).extracting(ExitEvent::pid).containsExactly(19601, 19600, 19599);
  }

  @Test
  void programOutputGluedIntoAHalfPrintedCallIsCutOff() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "1795664518.128600 getpid() = 30",
        "1795664518.128692 write(1, \"program-output\\n\", 15program-output",
        ") = 15 <0.000009>",
        "1795664518.128700 write(2, \"a\\nb\\n\", 4a",
        "b",
        ") = 4 <0.000009>",
        "1795664518.128800 exit_group(0) = ?",
        ""));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.summary().foreignLines()).isEqualTo(3);
    List<SyscallEvent> writes = logs.only(SyscallEvent.class).subList(1, 3);
    assertThat(writes).extracting(w -> w.arguments().text())
        .containsExactly("1, \"program-output\\n\", 15", "2, \"a\\nb\\n\", 4");
    assertThat(writes).extracting(w -> w.result().value()).containsExactly(15L, 4L);
  }

  @Test
  void stackFramesAttachToTheCallBeforeThemEvenAfterTheExitLine() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "19631 1795658720.065279 execve(\"/usr/bin/bash\", [\"bash\"], 0x7ffc /* 4 vars */) = 0 <0.000353>",
        " > /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2(_dl_catch_error+0x26f0) [0x1ab70]",
        "19632 1795658720.114933 exit_group(0)   = ?",
        "19632 1795658720.115271 +++ exited with 0 +++",
        " > /usr/lib/x86_64-linux-gnu/libc.so.6(_exit+0x29) [0xd4409]",
        " > /usr/bin/bash(main+0x10) [0x1000] ../shell.c:27",
        ""));
    assertThat(logs.problems()).isEmpty();
    List<SyscallEvent> calls = logs.only(SyscallEvent.class);
    assertThat(calls.get(0).stack())
        .containsExactly("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2(_dl_catch_error+0x26f0) [0x1ab70]");
    assertThat(calls.get(1).stack()).containsExactly(
        "/usr/lib/x86_64-linux-gnu/libc.so.6(_exit+0x29) [0xd4409]", "/usr/bin/bash(main+0x10) [0x1000] ../shell.c:27");
    assertThat(logs.summary().stackLines()).isEqualTo(3);
  }

  /**
   * strace -f -kk prints a never-returning call's frames after its task's exit line, and another
   * task's line can come in between (issue 13, a build traced with strace 7.2): the frames are
   * still that call's, whatever the reorder window.
   */
  @Test
  void stackFramesAfterAnExitLineBelongToThatTasksLastCallEvenWithAnotherTaskInBetween() throws IOException {
    String log = """
        30064 1795660540.100000 exit(0) = ?
        30058 1795660540.100100 unlink("build/x" <unfinished ...>
        30064 1795660540.100200 +++ exited with 0 +++
         > /usr/lib/x86_64-linux-gnu/libc.so.6(start_thread+0x336) [0x89226] ./nptl/pthread_create.c:593
         > /usr/lib/x86_64-linux-gnu/libc.so.6(__clone3+0x2c) [0x10a9f4] ../sysdeps/unix/sysv/linux/x86_64/clone3.S:78
        30058 1795660540.100300 <... unlink resumed>) = 0
        30058 1795660540.100400 exit_group(0) = ?
        30058 1795660540.100500 +++ exited with 0 +++
         > /usr/lib/x86_64-linux-gnu/libc.so.6(_exit+0x29) [0xd4409] ../sysdeps/unix/sysv/linux/_exit.c:30
        """;
    for (int window : new int[] {0, 1, 2, ReaderOptions.DEFAULT_REORDER_WINDOW}) {
      Logs logs = Logs.read(log, ReaderOptions.defaults().withReorderWindow(window));
      assertThat(logs.problems()).as("window %d", window).isEmpty();
      List<SyscallEvent> calls = logs.only(SyscallEvent.class);
      assertThat(calls).as("window %d", window).extracting(SyscallEvent::name, c -> c.stack().size())
          .containsExactlyInAnyOrder(tuple("exit", 2), tuple("unlink", 0), tuple("exit_group", 1));
      assertThat(calls.stream().filter(c -> c.name().equals("exit")).findFirst().orElseThrow().stack())
          .containsExactly(
              "/usr/lib/x86_64-linux-gnu/libc.so.6(start_thread+0x336) [0x89226] ./nptl/pthread_create.c:593",
              "/usr/lib/x86_64-linux-gnu/libc.so.6(__clone3+0x2c) [0x10a9f4] ../sysdeps/unix/sysv/linux/x86_64/clone3.S:78");
      // The exit line never overtakes the call it ends.
      List<Long> lines = logs.events().stream().map(e -> e.location().line()).toList();
      assertThat(lines.indexOf(1L)).as("window %d: %s", window, lines).isLessThan(lines.indexOf(3L));
      assertThat(logs.summary().stackLines()).isEqualTo(3);
    }
  }

  /**
   * strace -f -k -z (or -Z, or status=!unfinished) leaves the exit_group line out but still prints
   * its frames after the exit line: they are counted, and not given to another task's call.
   */
  @Test
  void framesOfAnExitCallTheStatusFilterHidSeemToFollowTheExitLine() throws IOException {
    Logs logs = Logs.read("""
        11516 1795660540.100000 getpid() = 11516
        11517 1795660540.100100 +++ exited with 0 +++
         > /usr/lib/x86_64-linux-gnu/libc.so.6(_exit+0x29) [0xd4409]
         > /usr/bin/dash(+0x0) [0x13230]
        11516 1795660540.100200 +++ exited with 0 +++
        """);
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.only(SyscallEvent.class).get(0).stack()).isEmpty();
    assertThat(logs.summary().stackLines()).isEqualTo(2);
  }

  /** With --quiet=exit no exit line comes: the parked call is let go, nothing waits for it. */
  @Test
  void aCallParkedForFramesIsLetGoWhenNoExitLineComes() throws IOException {
    StringBuilder log = new StringBuilder("30064 1795660540.100000 exit(0) = ?\n");
    for (int i = 1; i <= 100; i++) {
      log.append("30058 1795660540.").append(100000 + i * 10).append(" getpid() = 30058\n");
    }
    Logs logs = Logs.read(log.toString(), ReaderOptions.defaults().withReorderWindow(16));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.summary().outOfOrder()).isZero();
    assertThat(logs.events().get(0).location().line()).isEqualTo(1L);
  }

  /**
   * A stderr capture: the program's stderr lands inside strace's line for the very write that
   * produced it (issue 13's lines; `env x` failing, a coreutils message with UTF-8 quotes).
   */
  @Test
  void programOutputGluedInsideItsOwnWriteIsCutOutAndTheCallKept() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "[pid 30276] 1795660540.374600 getpid() = 30276 <0.000004>",
        "[pid 30277] 1795660540.374671 write(2, \"env: \", 5env: ) = 5 <0.000008>",
        "[pid 30277] 1795660540.374700 write(2, \"\\342\\200\\230x\\342\\200\\231\", 7‘x’) = 7 <0.000008>",
        "[pid 30277] 1795660540.374800 writev(1</dev/pts/0>, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\", iov_len=2}], 2abcd) = 4",
        "[pid 30277] 1795660540.374900 pwrite64(2, \"ok\", 2, 0ok <unfinished ...>",
        "[pid 30276] 1795660540.375000 getpid() = 30276 <0.000004>",
        "[pid 30277] 1795660540.375100 <... pwrite64 resumed>) = 2",
        ""));
    assertThat(logs.problems()).isEmpty();
    List<SyscallEvent> writes = logs.only(SyscallEvent.class).stream().filter(c -> c.name().contains("write")).toList();
    assertThat(writes).extracting(c -> c.arguments().text()).containsExactly(
        "2, \"env: \", 5",
        "2, \"\\342\\200\\230x\\342\\200\\231\", 7",
        "1</dev/pts/0>, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\", iov_len=2}], 2",
        "2, \"ok\", 2, 0");
    assertThat(writes).extracting(c -> c.result().value()).containsExactly(5L, 7L, 4L, 2L);
    assertThat(logs.summary().foreignLines()).as("program output").isEqualTo(4);
    assertThat(logs.summary().syscalls()).isEqualTo(6);
  }

  /**
   * strace 6.1 -f -r -Y -e status=!unfinished on stderr, dash running a missing command: the
   * parent's delayed vfork line comes without a prefix while its child still counts as running.
   * A spawn's line is not its child's own: it is the other task's.
   */
  @Test
  void anUnprefixedSpawnLineAmongTwoTasksIsTheOneThatIsNotItsChild() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "     0.000030 rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], NULL, 8) = 0 <0.000007>",
        "strace: Process 25340 attached",
        "[pid 25340<sh>]      0.000066 rt_sigprocmask(SIG_SETMASK, [], ~[KILL STOP RTMIN RT_1], 8) = 0 <0.000009>",
        "     0.000022 vfork()                   = 25340<sh> <0.000224>",
        "[pid 25340<sh>]      0.000008 +++ exited with 127 +++",
        "[pid 25339<sh>]      0.000053 getpid() = 25339 <0.000009>",
        ""));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.only(SyscallEvent.class)).extracting(SyscallEvent::name, SyscallEvent::pid)
        .containsExactly(tuple("rt_sigprocmask", 25339), tuple("rt_sigprocmask", 25340), tuple("vfork", 25339),
            tuple("getpid", 25339));
  }

  /** Text glued to a call that is not that call's output stays a problem: nothing is guessed. */
  @Test
  void gluedTextThatIsNotTheCallsOutputIsStillAProblem() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "[pid 30276] 1795660540.374600 getpid() = 30276 <0.000004>",
        "[pid 30277] 1795660540.374671 write(2, \"env: \", 5oops) = 5 <0.000008>",
        "[pid 30277] 1795660540.374700 write(3, \"env: \", 5env: ) = 5 <0.000008>",
        "[pid 30276] 1795660540.374800 getpid() = 30276 <0.000004>",
        ""), ReaderOptions.defaults().withValidateArguments(true));
    assertThat(logs.problems()).extracting(Problem::line).containsExactly(2L, 3L);
    assertThat(logs.summary().foreignLines()).isZero();
  }

  @Test
  void timeOfDayUsesTheBaseDateAndCountsMidnight() throws IOException {
    Logs logs = Logs.read("7 23:59:59.500000 getpid() = 7\n7 00:00:00.250000 getpid() = 7\n",
        ReaderOptions.defaults().withBaseDate(LocalDate.of(2026, 11, 25)).withZone(ZoneOffset.UTC));
    long midnight = LocalDate.of(2026, 11, 26).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
    assertThat(logs.events()).extracting(TraceEvent::timestampNs)
        .containsExactly(midnight - 500_000_000L, midnight + 250_000_000L);
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(TimeKind.TIME_OF_DAY);
  }

  @Test
  void relativeTimestampsAccumulate() throws IOException {
    Logs logs = Logs.read("     0.000000 execve(\"/bin/true\", [\"true\"], 0x7ffd /* 4 vars */) = 0\n"
        + "     0.000250 brk(NULL) = 0x5581\n     0.000100 exit_group(0) = ?\n     0.000050 +++ exited with 0 +++\n");
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.events()).extracting(TraceEvent::timestampNs).containsExactly(0L, 250_000L, 350_000L, 400_000L);
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(TimeKind.RELATIVE);
  }

  @Test
  void untimedLogsGetOneMicrosecondPerRecord() throws IOException {
    Logs logs = Logs.read("5 getpid() = 5\n5 read(0,  <unfinished ...>\n6 getpid() = 6\n5 <... read resumed>\"\", 1) = 0\n");
    assertThat(logs.events()).extracting(TraceEvent::timestampNs).containsExactly(0L, 1_000L, 2_000L);
    assertThat(logs.only(SyscallEvent.class).get(1).resumedTimestampNs()).isEqualTo(3_000L);
    assertThat(logs.events()).extracting(TraceEvent::timeKind).containsOnly(TimeKind.NONE);
  }

  @Test
  void statusFilteredLogsAreReorderedWithinTheWindow() throws IOException {
    String log = "1 3.000000 getpid() = 1\n1 1.000000 getpid() = 1\n1 2.000000 getpid() = 1\n";
    String epoch = log.replace(" 3.", " 1795658719.3").replace(" 1.", " 1795658719.1").replace(" 2.", " 1795658719.2");
    Logs ordered = Logs.read(epoch);
    assertThat(ordered.events()).extracting(TraceEvent::timestampNs).isSorted();
    assertThat(ordered.summary().outOfOrder()).isZero();
    Logs unordered = Logs.read(epoch, ReaderOptions.defaults().withReorderWindow(0));
    assertThat(unordered.events()).extracting(e -> e.location().line()).containsExactly(1L, 2L, 3L);
    assertThat(unordered.summary().outOfOrder()).isEqualTo(2);
  }

  @Test
  void unfinishedNeverResumedAndResumedWithoutUnfinishedAreCounted() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "7 <... read resumed>\"x\", 1) = 1",
        "8 futex(0x7f, FUTEX_WAIT, 0, NULL <unfinished ...>",
        "8 +++ killed by SIGKILL +++",
        "9 nanosleep({tv_sec=1, tv_nsec=0},  <unfinished ...>", ""));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.summary().resumedWithoutUnfinished()).isEqualTo(1);
    assertThat(logs.summary().unfinishedNeverResumed()).isEqualTo(2);
    assertThat(logs.summary().syscalls()).isEqualTo(3);
    List<SyscallEvent> calls = logs.only(SyscallEvent.class);
    assertThat(calls).extracting(SyscallEvent::completion)
        .containsExactly(Completion.COMPLETE, Completion.UNFINISHED, Completion.UNFINISHED);
    assertThat(logs.only(KilledEvent.class)).singleElement().extracting(KilledEvent::signal).isEqualTo("SIGKILL");
  }

  @Test
  void supersededExecCompletesUnderTheLeader() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "1240 execve(\"/bin/true\", [\"true\"], 0x7ffd /* 4 vars */ <unfinished ...>",
        "1234 +++ superseded by execve in pid 1240 +++",
        "1234 <... execve resumed>) = 0", ""));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.only(SupersededEvent.class)).singleElement().extracting(SupersededEvent::formerPid).isEqualTo(1240);
    SyscallEvent exec = logs.only(SyscallEvent.class).get(0);
    assertThat(exec.pid()).isEqualTo(1234);
    assertThat(exec.completion()).isEqualTo(Completion.COMPLETE);
    assertThat(logs.summary().unfinishedNeverResumed()).isZero();
  }

  @Test
  void execFromANonLeaderThreadResumesUnderTheLeader() throws IOException {
    Logs logs = Logs.read(String.join("\n",
        "[pid  1240] execve(\"/bin/true\", [\"true\"], 0x7ffd /* 4 vars */ <pid changed to 1234 ...>",
        "[pid  1234] +++ superseded by execve in pid 1240 +++",
        "[pid  1234] <... execve resumed>) = 0", ""));
    assertThat(logs.problems()).isEmpty();
    SyscallEvent exec = logs.only(SyscallEvent.class).get(0);
    assertThat(exec.pid()).isEqualTo(1234);
    assertThat(exec.completion()).isEqualTo(Completion.COMPLETE);
    assertThat(exec.arguments().text()).isEqualTo("\"/bin/true\", [\"true\"], 0x7ffd /* 4 vars */");
    assertThat(logs.summary().unfinishedNeverResumed()).isZero();
    assertThat(logs.summary().resumedWithoutUnfinished()).isZero();
  }

  @Test
  void signalsDecodeTheirSiginfo() throws IOException {
    Logs logs = Logs.read("19599 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=19600} ---\n"
        + "19599 --- stopped by SIGSTOP ---\n");
    List<SignalEvent> signals = logs.only(SignalEvent.class);
    assertThat(signals.get(0).signal()).isEqualTo("SIGCHLD");
    assertThat(signals.get(0).siginfo().values()).contains(new Value.Named("si_pid", new Value.Num(19600, "19600")));
    assertThat(signals.get(1).stopped()).isTrue();
    assertThat(signals.get(1).siginfo().values()).isEmpty();
  }

  @Test
  void badLinesBecomeProblemsAndReadingGoesOn() throws IOException {
    Logs logs = Logs.read("5 getpid() = 5\n5 close(3) = \n5 getpid() = 5\n");
    assertThat(logs.events()).hasSize(2);
    assertThat(logs.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.column()).isEqualTo(14);
      assertThat(p.format()).isEqualTo("test.strace:2:14: unexpected end of line, expected the return value (a number or '?')\n"
          + "5 close(3) = \n"
          + "             ^");
    });
    assertThat(logs.summary().problems()).isEqualTo(1);
  }

  @Test
  void validateArgumentsReportsUndecodableArgumentsAtTheirColumn() throws IOException {
    String log = "5 write(1, {a=1 b=}, 1) = 1\n";
    assertThat(Logs.read(log).problems()).isEmpty();
    Logs checked = Logs.read(log, ReaderOptions.defaults().withValidateArguments(true));
    assertThat(checked.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.column()).isEqualTo(19);
      assertThat(p.message()).isEqualTo("unexpected '}', expected a value (number, \"string\", NAME, {struct} or [list])");
    });
    assertThat(checked.only(SyscallEvent.class).get(0).arguments().values()).singleElement()
        .isInstanceOf(Value.Unparsed.class);
  }

  @Test
  void overlongLinesAreReportedAndSkipped() throws IOException {
    String log = "5 getpid() = 5\n5 write(1, \"" + "x".repeat(500) + "\", 500) = 500\n5 getpid() = 5\n";
    Logs logs = Logs.read(log, ReaderOptions.defaults().withMaxLineLength(100));
    assertThat(logs.events()).hasSize(2);
    assertThat(logs.summary().physicalLines()).isEqualTo(3);
    assertThat(logs.problems()).singleElement().extracting(Problem::message)
        .isEqualTo("line longer than 100 bytes; skipped");
  }

  @Test
  void nestingDeeperThanTheLimitIsReportedAtItsColumnAndTheRestIsRead() throws IOException {
    String deep = "5 ioctl(3, " + "[".repeat(6) + "1" + "]".repeat(6) + ") = 0\n";
    String log = "5 getpid() = 5\n" + deep + "5 getpid() = 5\n";
    assertThat(Logs.read(log, ReaderOptions.defaults().withValidateArguments(true)).problems()).isEmpty();

    Logs logs = Logs.read(log, ReaderOptions.defaults().withValidateArguments(true).withMaxNesting(5));
    assertThat(logs.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.column()).isEqualTo(deep.indexOf('[') + 6); // the sixth '['
      assertThat(p.message()).isEqualTo("too deeply nested (more than 5 levels of brackets)");
    });
    // the call itself is kept, its arguments unparsed; without validation they decode the same way
    assertThat(logs.only(SyscallEvent.class)).hasSize(3);
    SyscallEvent lazy = Logs.read(log, ReaderOptions.defaults().withMaxNesting(5)).only(SyscallEvent.class).get(1);
    assertThat(lazy.arguments().values()).last().isInstanceOf(Value.Unparsed.class)
        .extracting(v -> ((Value.Unparsed) v).reason()).asString().contains("too deeply nested (more than 5 levels");
  }

  @Test
  void nestingLimitAppliesToWholeLinesTheFramerLeavesToTheGrammar() throws IOException {
    // no closing parenthesis: the fast framer declines and the grammar frames the line
    String log = "5 getpid() = 5\n5 " + "(".repeat(10) + "\n5 getpid() = 5\n";
    Logs logs = Logs.read(log, ReaderOptions.defaults().withMaxNesting(4));
    assertThat(logs.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).isEqualTo("too deeply nested (more than 4 levels of brackets)");
    });
    assertThat(logs.events()).hasSize(2);
  }

  @Test
  void pastTheUnfinishedCallLimitTheOldestIsReportedAndDeliveredUnfinished() throws IOException {
    String log = """
        1 1700000000.000001 read(3,  <unfinished ...>
        2 1700000000.000002 read(4,  <unfinished ...>
        3 1700000000.000003 read(5,  <unfinished ...>
        2 1700000000.000004 <... read resumed>"b", 1) = 1
        4 1700000000.000005 read(6,  <unfinished ...>
        1 1700000000.000006 <... read resumed>"a", 1) = 1
        3 1700000000.000007 <... read resumed>"c", 1) = 1
        4 1700000000.000008 <... read resumed>"d", 1) = 1
        """;
    Logs logs = Logs.read(log, ReaderOptions.defaults().withMaxUnfinishedCalls(2));

    // line 3 makes three calls wait: task 1's, the oldest, is given up
    assertThat(logs.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.column()).isEqualTo(1);
      assertThat(p.message()).isEqualTo("more than 2 calls wait for their resumed half at once (the maximum): the oldest,"
          + " read of task 1 at line 1, is delivered unfinished");
    });
    List<SyscallEvent> calls = logs.only(SyscallEvent.class);
    assertThat(calls).extracting(SyscallEvent::pid, SyscallEvent::completion).containsExactly(
        tuple(1, SyscallEvent.Completion.UNFINISHED),
        tuple(2, SyscallEvent.Completion.COMPLETE),
        tuple(3, SyscallEvent.Completion.COMPLETE),
        tuple(4, SyscallEvent.Completion.COMPLETE),
        tuple(1, SyscallEvent.Completion.COMPLETE)); // the resumed half, now a call of its own
    assertThat(logs.summary().unfinishedNeverResumed()).isEqualTo(1);
    assertThat(logs.summary().resumedWithoutUnfinished()).isEqualTo(1);
    // under the limit, every call is joined
    assertThat(Logs.read(log, ReaderOptions.defaults().withMaxUnfinishedCalls(3)).problems()).isEmpty();
  }

  @Test
  void timestampsPastWhatNanosecondsHoldAreReportedAndTheLineKeepsThePreviousTime() throws IOException {
    String log = """
        5 1700000000.000100 getpid() = 5
        5 9300000000.000000 getuid() = 0
        5 99999999999.000300 getgid() = 0
        5 9223372036.999999999 getppid() = 1
        5 4102444800.000400 geteuid() = 0
        """;
    Logs logs = Logs.read(log);

    // 9300000000 s overflowed a long of nanoseconds into 1680 (negative), silently
    assertThat(logs.problems()).extracting(Problem::line, Problem::column).containsExactly(
        tuple(2L, 3), tuple(3L, 3), tuple(4L, 3));
    assertThat(logs.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("timestamp out of range"));
    assertThat(logs.only(SyscallEvent.class)).extracting(SyscallEvent::name, TraceEvent::timestampNs).containsExactly(
        tuple("getpid", 1_700_000_000_000_100_000L),
        tuple("getuid", 1_700_000_000_000_100_000L),
        tuple("getgid", 1_700_000_000_000_100_000L),
        tuple("getppid", 1_700_000_000_000_100_000L),
        tuple("geteuid", 4_102_444_800_000_400_000L)); // 2100-01-01: far, but it fits
  }

  /**
   * The last call waits for -k frames until the next call line. Records read meanwhile (a signal,
   * its task's exit) once overtook it where the window let go of it (a window of 0 or 1): the
   * tracker then saw a call after its task ended, and the Perfetto writer drew it over the task's
   * earlier slices (found by PipelineFuzzTest).
   */
  @Test
  void aWindowOfZeroKeepsLogOrderAroundTheCallThatWaitsForStackFrames() throws IOException {
    String log = """
        5 1700000000.000100 read(0, "HI\\n", 16384) = 3 <0.000756>
        5 1700000000.000100 read(0, "HI\\n", 16384) = 3 <0.000756>
        6 1700000000.000900 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0} ---
        6 1700000000.001000 exit_group(0) = ?
        6 1700000000.001100 +++ exited with 0 +++
         > /usr/lib/x86_64-linux-gnu/libc.so.6(_exit+0x29) [0xd4409]
        5 1700000000.001200 +++ exited with 0 +++
        """;
    for (int window : new int[] {0, 1, 2, ReaderOptions.DEFAULT_REORDER_WINDOW}) {
      Logs logs = Logs.read(log, ReaderOptions.defaults().withReorderWindow(window));
      assertThat(logs.problems()).as("window %d", window).isEmpty();
      assertThat(logs.events()).as("window %d", window).extracting(e -> e.location().line())
          .containsExactly(1L, 2L, 3L, 4L, 5L, 7L);
      assertThat(logs.only(SyscallEvent.class).get(2).stack()).as("window %d", window)
          .containsExactly("/usr/lib/x86_64-linux-gnu/libc.so.6(_exit+0x29) [0xd4409]");
    }
  }

  /**
   * The window holds resolved events for stragglers only while stragglers come: after {@value
   * SourceReader#CALM_EVENTS} events in a row in order it holds {@value SourceReader#CALM_HOLD},
   * and the first straggler restores the whole window. A call waiting for its resumed half holds
   * everything behind it up to the whole window either way.
   */
  @Test
  void theWindowHoldsForStragglersOnlyWhileTheyCome() throws IOException {
    StringBuilder log = new StringBuilder();
    long us = 1_700_000_000_000_000L;
    // a calm run, during which make waits for 3,000 events (more than the calm hold) while other
    // tasks run: the waiting call still holds them, all in order
    for (int i = 0; i < SourceReader.CALM_EVENTS + 5_000; i++) {
      us += 10;
      log.append("200 ").append(time(us)).append(" getpid() = 200 <0.000001>\n");
      if (i == SourceReader.CALM_EVENTS + 1_000) {
        log.append("100 ").append(time(us)).append(" wait4(-1,  <unfinished ...>\n");
      } else if (i == SourceReader.CALM_EVENTS + 4_000) {
        log.append("100 ").append(time(us)).append(" <... wait4 resumed>NULL, 0, NULL) = 201 <0.030000>\n");
      }
    }
    // past the calm run: a straggler 3,000 events deep (a status-filtered call printed late) is
    // out of order; one 3,000 deep after it is in order again (the whole window is back)
    long straggler = us - 3_000 * 10 + 5;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 4_000; i++) {
        us += 10;
        log.append("200 ").append(time(us)).append(" getpid() = 200 <0.000001>\n");
      }
      straggler = us - 3_000 * 10 + 5;
      log.append("300 ").append(time(straggler)).append(" read(3, \"x\", 1) = 1 <0.000002>\n");
    }
    Logs logs = Logs.read(log.toString());
    assertThat(logs.problems()).isEmpty();
    // task 300 did nothing between its two calls: its own order holds, so the straggler delivered
    // late is a late call, not an event out of order
    assertThat(logs.summary().lateCalls()).as("only the first deep straggler after the calm run").isEqualTo(1);
    assertThat(logs.summary().outOfOrder()).isZero();
    List<TraceEvent> events = logs.events();
    int wait4 = 0;
    while (!(events.get(wait4) instanceof SyscallEvent s && s.name().equals("wait4"))) {
      wait4++;
    }
    assertThat(wait4).as("the waiting call kept its place").isEqualTo(SourceReader.CALM_EVENTS + 1_001);
    long last = Long.MIN_VALUE;
    int disorder = 0;
    for (TraceEvent e : events) {
      if (e.timestampNs() < last) {
        disorder++;
      }
      last = Math.max(last, e.timestampNs());
    }
    assertThat(disorder).isEqualTo(1);
  }

  @Test
  void aCallBlockedLongerThanTheWindowIsALateCallNotDisorder() throws IOException {
    // make blocks in wait4 while its compiler runs more lines than the window holds (bench/gen-inputs.sh's
    // yy log: `26981 ... wait4(-1,  <unfinished ...>`, 17,000 lines, then `<... wait4 resumed>`)
    StringBuilder log = new StringBuilder();
    long us = 1_796_701_475_056_691L;
    log.append("100 ").append(time(us)).append(" wait4(-1,  <unfinished ...>\n");
    for (int i = 0; i < 50; i++) {
      us += 10;
      log.append("101 ").append(time(us)).append(" getpid() = 101 <0.000001>\n");
    }
    log.append("101 ").append(time(us + 5)).append(" +++ exited with 0 +++\n");
    log.append("100 ").append(time(us + 10))
        .append(" <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101 <0.000510>\n");
    Logs logs = Logs.read(log.toString(), ReaderOptions.defaults().withReorderWindow(10));
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.summary().outOfOrder()).isZero();
    assertThat(logs.summary().lateCalls()).isEqualTo(1);
    // delivered when it returned: after the 41 calls that had left the window of 10 (which still
    // held 9 calls and the exit line), before the rest
    assertThat(logs.only(SyscallEvent.class).stream().map(SyscallEvent::name).toList().indexOf("wait4")).isEqualTo(41);
  }

  /** Microseconds since the epoch as -ttt prints them: {@code 1700000000.000010}. */
  static String time(long us) {
    return us / 1_000_000 + "." + String.format("%06d", us % 1_000_000);
  }

  @Test
  void garbageInAnOutputFileIsAProblemNotForeign() throws IOException {
    Logs logs = Logs.read("5 getpid() = 5\nhello world\n");
    assertThat(logs.summary().foreignLines()).isZero();
    assertThat(logs.problems()).singleElement().extracting(Problem::column).isEqualTo(1);
  }

  @Test
  void lastLineWithoutNewlineAndCrLf() throws IOException {
    Logs logs = Logs.read("5 getpid() = 5\r\n5 getpid() = 5");
    assertThat(logs.problems()).isEmpty();
    assertThat(logs.events()).hasSize(2);
  }

  @Test
  void iteratorAndStreamDeliverTheSameEvents() throws IOException {
    String log = "5 getpid() = 5\n5 +++ exited with 0 +++\n";
    try (StraceReader r = StraceReader.open(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "s",
        ReaderOptions.defaults())) {
      assertThat(r.stream().map(TraceEvent::pid)).containsExactly(5, 5);
    }
  }
}
