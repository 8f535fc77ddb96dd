package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.parser.internal.grammar.StraceParser;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per line construct (prefixes, timestamps, results, markers, strace 5.x-7.x variants):
 * the framer and the grammar must both accept the line, agree on every field, and find the
 * fields listed in the row.
 */
class LineFramingTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        // prefixes
        row("19501 close(3) = 0", "SYSCALL RETURNED pid=19501 comm= clock=NONE:0 name=close args=3 ", "result=0 known=true:0"),
        row("803   close(3)                = 0", "pid=803 ", "name=close"),
        row("[pid 19601] 1795658719.876939 getpid() = 19601 <0.000008>", "pid=19601[]", "clock=SECONDS:1795658719876939000",
            "args= ", "duration=8000 "),
        row("[pid  7] getpid() = 7", "pid=7[]"),
        row("19615<bash> 1795658719.953861863 brk(NULL) = 0x55c60e4fe000 <0.000034>", "pid=19615 comm=bash ",
            "clock=SECONDS:1795658719953861863", "known=true:94309132001280"),
        row("[pid  7<GC Thread#0>] futex(0x1, FUTEX_WAKE, 1) = 0", "pid=7[] comm=GC Thread#0 "),
        row("1795658719.761238 close(3) = 0 <0.000043>", "pid=-1 ", "clock=SECONDS:1795658719761238000"),
        row("close(3) = 0", "pid=-1 ", "clock=NONE"),
        // timestamps
        row("02:05:20 close(3) = 0", "clock=TIME_OF_DAY:7520000000000 "),
        row("19695 02:05:20.446742 close(3) = 0 <0.000007>", "clock=TIME_OF_DAY:7520446742000 ", "duration=7000 "),
        row("     0.000123 close(3) = 0", "clock=SECONDS:123000 "),
        row("19501 1795658719.241275 close(3) = 0 <0.000012345>", "duration=12345 "),
        // results
        row("19501 access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or directory) <0.000038>",
            "result=-1 ENOENT (No such file or directory) known=true:-1 errno=ENOENT detail=No such file or directory "),
        row("19501 wait4(-1, 0x7ffd, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
            "known=false:0 errno=ERESTARTSYS detail=To be restarted if SA_RESTART is set "),
        row("19501 exit_group(0)                     = ?", "result=? known=false"),
        row("19501 exit_group(0) = ? <unavailable>", "result=? <unavailable> ", "annotation=unavailable "),
        row("19501 openat(AT_FDCWD</tmp>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000048>",
            "result=3</etc/ld.so.cache> known=true:3 ", "annotation=/etc/ld.so.cache ", "duration=48000"),
        row("19615<bash> clone(child_stack=NULL, flags=SIGCHLD) = 18276<bash>", "annotation=bash "),
        row("19501 fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)", "result=0x1 (flags FD_CLOEXEC) known=true:1 errno= detail=flags FD_CLOEXEC "),
        row("19501 poll([{fd=3, events=POLLIN}], 1, 0) = 1 ([{fd=3, revents=POLLIN}])", "detail=[{fd=3, revents=POLLIN}] "),
        row("19501 socket(AF_UNIX, SOCK_STREAM, 0) = 29<TCP:[1.2.3.4:80->5.6.7.8:63330]>",
            "annotation=TCP:[1.2.3.4:80->5.6.7.8:63330] "),
        // split calls
        row("19631 1795658720.108411 wait4(-1,  <unfinished ...>", "SYSCALL UNFINISHED", "args=-1 "),
        row("19601 getpid( <unfinished ...>", "SYSCALL UNFINISHED", "args= "),
        row("20046 1795658724.101904 <... clone3 resumed> => {parent_tid=[20048]}, 88) = 20048 <0.000054>",
            "RESUMED RETURNED", "name=clone3 args=> {parent_tid=[20048]}, 88 ".replace("> {", "=> {")),
        row("19534 1795658719.474103 <... rt_sigprocmask resumed>NULL, 8) = 0 <0.000027>", "RESUMED RETURNED",
            "name=rt_sigprocmask args=NULL, 8 "),
        row("19501 <... read resumed>, \"data\", 4096) = 4", "RESUMED RETURNED", "args=\"data\", 4096 "),
        row("19501 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 19725 <0.005500>",
            "args=[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL ", "duration=5500000"),
        row("19501 wait4(-1,  <detached ...>", "SYSCALL DETACHED", "args=-1 "),
        row("[pid  1240] <... execve resumed> <pid changed to 1234 ...>) = 0", "RESUMED RETURNED", "pidChanged=1234 "),
        row("1240 execve(\"/bin/true\", [\"true\"], 0x7ffd /* 4 vars */) <pid changed to 1234 ...> = 0", "pidChanged=1234 "),
        row("[pid  1240] execve(\"/bin/true\", [\"true\"], 0x7ffd /* 4 vars */ <pid changed to 1234 ...>",
            "SYSCALL UNFINISHED pid=1240[]", "args=\"/bin/true\", [\"true\"], 0x7ffd /* 4 vars */ pidChanged=1234 "),
        // signals, exits, strace's own lines
        row("19599 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=19600, si_uid=0, si_status=0} ---",
            "SIGNAL null pid=19599", "name=SIGCHLD args=si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=19600, si_uid=0, si_status=0 "),
        row("19599 --- stopped by SIGSTOP ---", "STOPPED null", "name=SIGSTOP "),
        row("19599 +++ exited with 3 +++", "EXITED null pid=19599", "number=3 "),
        row("19599 +++ killed by SIGSEGV (core dumped) +++", "KILLED", "name=SIGSEGV ", "number=0 core "),
        row("19599 +++ killed by SIGKILL +++", "KILLED", "name=SIGKILL ", "number=0 text"),
        row("1234 +++ superseded by execve in pid 1240 +++", "SUPERSEDED", "number=1240 "),
        row("strace: Process 19601 attached", "ATTACHED", "number=19601 text=strace: Process 19601 attached"),
        row("strace: Process 5 detached", "DETACHED", "number=5 "),
        row("[ Process PID=7 runs in 32 bit mode. ]", "PERSONALITY", "number=7 text=[ Process PID=7 runs in 32 bit mode. ]"),
        row("strace: ptrace(PTRACE_SEIZE, 1): Operation not permitted", "STRACE_OTHER",
            "text=strace: ptrace(PTRACE_SEIZE, 1): Operation not permitted"),
        // -k / -kk
        row(" > /lib/libc.so.6(write+0x14) [0x10e8f4]", "STACK", "text=/lib/libc.so.6(write+0x14) [0x10e8f4]"),
        row(" > /usr/lib/libc.so.6(__access+0x7) [0x209e7] ../sysdeps/unix/sysv/linux/access.c:27",
            "text=/usr/lib/libc.so.6(__access+0x7) [0x209e7] ../sysdeps/unix/sysv/linux/access.c:27"),
        row(" > no matching address range", "STACK", "text=no matching address range"),
        // continuations (strace 6.1 status=!unfinished, stderr captures) and torn lines
        row("\"\", 4096)                               = 0 <0.000060>", "CONTINUATION RETURNED", "args=\"\", 4096 ", "duration=60000"),
        row(", child_tidptr=0x7f5b3725fa10) = 19601 <0.000113>", "CONTINUATION RETURNED", "args=child_tidptr=0x7f5b3725fa10 "),
        row(" <unfinished ...>", "CONTINUATION UNFINISHED", "args= "),
        row(")                                       = 0 <0.000252>", "CONTINUATION RETURNED", "args= "),
        row("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 20139", "CONTINUATION RETURNED"),
        row("1795658719.876722 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD", "SYSCALL TORN",
            "args=child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD "),
        row("[pid 19600] 1795658719.877737 rt_sigaction(SIGTTIN, {sa_handler=SIG_DFL, sa_mask=[]}, ", "SYSCALL TORN",
            "args=SIGTTIN, {sa_handler=SIG_DFL, sa_mask=[]} "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void framerAndGrammarAgree(String line, String[] fragments) {
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    FramedLine fast = new FramedLine();
    assertThat(new LineFramer().frame(b, 0, b.length, fast)).as("framer accepts").isTrue();
    StraceGrammar.Outcome<StraceParser.LineContext> parsed = StraceGrammar.parseLine(b, 0, b.length);
    assertThat(parsed.message()).as("grammar accepts").isNull();
    FramedLine slow = new FramedLine();
    slow.reset(b, 0, b.length);
    new AstBuilder(b, 0).frame(parsed.tree(), slow);
    assertThat(fast.describe()).isEqualTo(slow.describe());
    for (String f : fragments) {
      assertThat(fast.describe()).contains(f);
    }
  }

  @Test
  void gluedAttachMessageIsFound() {
    String line = "1795658719.876722 clone(child_stack=NULL, flags=SIGCHLDstrace: Process 19601 attached";
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(GluedMessage.find(b, 0, b.length)).isEqualTo(line.indexOf("strace:"));
    byte[] alone = "strace: Process 19601 attached".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(GluedMessage.find(alone, 0, alone.length)).isEqualTo(-1);
    byte[] inString = "19501 write(2, \"strace: Process 1 attached\", 26) = 26".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(GluedMessage.find(inString, 0, inString.length)).isEqualTo(-1);
  }

  @Test
  void framerDeclinesWhatItCannotJudgeAndTheGrammarDecides() {
    // `<` with no closing bracket: not an annotation for the framer, the grammar rejects the line
    byte[] b = "19501 close(3<x) = 0".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(new LineFramer().frame(b, 0, b.length, new FramedLine())).isFalse();
    assertThat(StraceGrammar.parseLine(b, 0, b.length).ok()).isFalse();
  }

  private static Arguments row(String line, String... fragments) {
    return Arguments.of(line, fragments);
  }
}
