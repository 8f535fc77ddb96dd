package dev.systrument.cli;

import dev.systrument.parser.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.systrument.perfetto.DecodedTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees from the command line: exit codes, messages, inputs of every kind (stdin, .gz,
 * -ff directory and prefix), atomic outputs, and the exact shape of {@code tree}'s text and JSON.
 */
class CliBehaviourTest {
  @TempDir Path tmp;

  // ------------------------------------------------------------------------------------ check

  @Test
  void checkOnACorpusFilePrintsTheSummaryAndExitsZero() {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    Corpus.Truth truth = Corpus.truth(log);

    CliRun run = CliRun.run(log.getParent(), "check", log.getFileName().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).isEqualTo(log.getFileName() + ": " + truth.lines() + " lines, "
        + truth.syscallRecords() + " syscalls, " + truth.processes().size() + " processes; 0 problems");
  }

  @Test
  void checkReportsEachBadLineWithItsPositionAndACaretAndCountsTheRest() throws IOException {
    Path log = copyResource("logs/bad-lines.strace", tmp.resolve("bad-lines.strace"));

    CliRun run = CliRun.run(tmp, "check", "bad-lines.strace");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.PROBLEMS);
    List<String> lines = Files.readAllLines(log);
    List<String> err = run.err().lines().toList();
    // file:line:column: message (the file named as typed), the line as read, a caret under the column.
    for (int badLine : new int[] {4, 7}) {
      int at = indexOfMatch(err, "bad-lines\\.strace:" + badLine + ":\\d+: .+");
      assertThat(at).as("problem report for line %d in\n%s", badLine, run.err()).isNotNegative();
      String[] position = err.get(at).split(":");
      int column = Integer.parseInt(position[2]);
      assertThat(err.get(at + 1)).isEqualTo(lines.get(badLine - 1));
      assertThat(err.get(at + 2)).isEqualTo(" ".repeat(column - 1) + "^");
    }
    assertThat(err.get(0)).contains("expected the return value");
    // The 7 good lines still count: 6 syscalls (execve brk access newfstatat mmap close) and an exit.
    assertThat(err.get(err.size() - 1))
        .isEqualTo("bad-lines.strace: 9 lines, 6 syscalls, 1 process; 2 problems (lines skipped)");
  }

  @Test
  void maxProblemsLimitsWhatIsPrintedButCountsEverything() throws IOException {
    copyResource("logs/bad-lines.strace", tmp.resolve("bad-lines.strace"));

    CliRun run = CliRun.run(tmp, "check", "--max-problems", "1", "bad-lines.strace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.err()).containsOnlyOnce("^").contains("bad-lines.strace:4:").doesNotContain("bad-lines.strace:7:")
        .contains("... 1 more problem not shown (--max-problems)").contains("; 2 problems (lines skipped)");
  }

  @Test
  void checkOfSeveralFilesSummarizesEachAndFailsIfAnyHasProblems() throws IOException {
    copyResource("logs/bad-lines.strace", tmp.resolve("bad-lines.strace"));
    copyResource("logs/exec-chain.strace", tmp.resolve("chain.strace"));

    CliRun run = CliRun.run(tmp, "check", "chain.strace", "bad-lines.strace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.err()).contains("chain.strace: 8 lines, 5 syscalls, 2 processes; 0 problems")
        .contains("bad-lines.strace: 9 lines, 6 syscalls, 1 process; 2 problems");
  }

  @Test
  void progressGoesToStderrAndNeverIntoTheJson() {
    Path log = Corpus.log("w07-build.C-full.strace");
    Map<String, String> env = new java.util.HashMap<>(CliRun.quietEnvironment());
    env.put("SYSTRUMENT_PROGRESS", "always");

    CliRun withProgress = CliRun.run(tmp, env, InputStream.nullInputStream(), "tree", "--json", log.toString());
    CliRun without = CliRun.run(tmp, "tree", "--json", log.toString());

    assertThat(withProgress.exitCode()).isZero();
    assertThat(withProgress.out()).isEqualTo(without.out());
    assertThat(withProgress.err()).contains("100%");
  }

  @Test
  void problemsInAnFfMemberNameTheMemberAsTyped() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("ff"));
    Files.writeString(dir.resolve("trace.41"), """
        1700000000.000100 execve("/bin/true", ["true"], 0x7ffd3a1c2e48 /* 4 vars */) = 0 <0.000200>
        1700000000.000300 @@@
        1700000000.000500 +++ exited with 0 +++
        """);

    CliRun byDirectory = CliRun.run(tmp, "check", "ff");
    CliRun byPrefix = CliRun.run(tmp, "check", "ff/trace");

    assertThat(byDirectory.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(byDirectory.err()).startsWith("ff/trace.41:2:");
    assertThat(byPrefix.err()).startsWith("ff/trace.41:2:");
  }

  /**
   * make waits in {@code wait4(-1,  <unfinished ...>} while its child writes more lines than the
   * reorder window holds (10000 events by default; 100 here to keep the log small). The call must
   * still be one syscall, and the child's exit must not be seen twice.
   */
  @Test
  void aCallThatWaitsLongerThanTheReorderWindowIsOneSyscall() throws IOException {
    StringBuilder log = new StringBuilder();
    log.append("100 1700000000.000100 execve(\"/usr/bin/make\", [\"make\"], 0x7ffd3a1c2e48 /* 4 vars */) = 0 <0.000200>\n");
    log.append("100 1700000000.001000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,"
        + " child_tidptr=0x7f0a1c3e5a10) = 101 <0.000050>\n");
    log.append("100 1700000000.001100 wait4(-1,  <unfinished ...>\n");
    for (int i = 0; i < 199; i++) {
      log.append(String.format("101 1700000000.%06d close(%d) = -1 EBADF (Bad file descriptor) <0.000001>%n", 1200 + i, 10 + i));
    }
    log.append("101 1700000000.002000 +++ exited with 0 +++\n");
    log.append("100 1700000000.002100 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101 <0.001000>\n");
    log.append("100 1700000000.002200 exit_group(0)                     = ?\n");
    log.append("100 1700000000.002300 +++ exited with 0 +++\n");
    Files.writeString(tmp.resolve("long-wait.strace"), log);

    CliRun run = CliRun.run(tmp, "check", "--reorder-window", "100", "long-wait.strace");

    // execve, clone, wait4, 199 close, exit_group = 203 syscall records on 206 lines. (The wait4
    // is delivered when it completes, after its child's lines: one event out of order, reported.)
    assertThat(run.err().strip()).startsWith("long-wait.strace: 206 lines, 203 syscalls, 2 processes; 0 problems");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void checkReadsStandardInput() throws IOException {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    Corpus.Truth truth = Corpus.truth(log);

    CliRun run = CliRun.run(tmp, CliRun.quietEnvironment(), Files.newInputStream(log), "check", "-");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).startsWith("<stdin>: " + truth.lines() + " lines, " + truth.syscallRecords() + " syscalls");
  }

  @Test
  void treeFromStandardInputIsTheTreeOfTheFile() throws IOException {
    Path log = Corpus.log("w07-build.B-record.strace");
    CliRun fromFile = CliRun.run(tmp, "tree", "--json", log.toString());
    CliRun fromStdin = CliRun.run(tmp, CliRun.quietEnvironment(), Files.newInputStream(log), "tree", "--json", "-");

    assertThat(fromStdin.exitCode()).as("%s", fromStdin).isZero();
    assertThat(fromStdin.out()).isEqualTo(fromFile.out());
  }

  @Test
  void gzipInputReadsLikeThePlainFile() throws IOException {
    Path log = Corpus.log("w07-build.C-full.strace");
    Corpus.Truth truth = Corpus.truth(log);
    Path gz = tmp.resolve("build.strace.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(log, out);
    }

    CliRun check = CliRun.run(tmp, "check", "build.strace.gz");
    CliRun tree = CliRun.run(tmp, "tree", "--json", "build.strace.gz");

    assertThat(check.exitCode()).as("%s", check).isZero();
    assertThat(check.err()).startsWith("build.strace.gz: " + truth.lines() + " lines, " + truth.syscallRecords() + " syscalls");
    assertThat(tree.out()).isEqualTo(CliRun.run(tmp, "tree", "--json", log.toString()).out());
  }

  @Test
  void ffDirectoryAndPrefixReadAsOneLog() {
    Path dir = Corpus.log("w02-nested-exit.F-ff");
    Corpus.Truth truth = Corpus.truth(dir);

    CliRun byDirectory = CliRun.run(dir.getParent(), "tree", "--json", dir.getFileName().toString());
    CliRun byPrefix = CliRun.run(dir.getParent(), "tree", "--json", dir.getFileName() + "/trace");

    assertThat(byDirectory.exitCode()).as("%s", byDirectory).isZero();
    assertThat(byPrefix.exitCode()).as("%s", byPrefix).isZero();
    assertThat(byPrefix.out()).isEqualTo(byDirectory.out());
    Map<String, Object> json = Json.parseObject(byDirectory.out());
    assertThat(CorpusTruthTest.listOfObjects(json.get("processes"))).extracting(p -> p.get("pid"))
        .containsExactlyElementsOf(truth.processes());
    assertThat(CorpusTruthTest.object(json.get("summary")).get("lines")).isEqualTo(truth.lines());
  }

  @Test
  void conversionsReadStandardInputWhenNoInputIsGiven() throws IOException {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    Corpus.Truth truth = Corpus.truth(log);

    // "- or nothing for stdin", as the usage says.
    CliRun run = CliRun.run(tmp, CliRun.quietEnvironment(), Files.newInputStream(log), "strace2perfetto", "-o", "stdin.pftrace");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).startsWith("<stdin>: " + truth.lines() + " lines, " + truth.syscallRecords() + " syscalls");
    assertThat(tmp.resolve("stdin.pftrace")).isNotEmptyFile();
  }

  @Test
  void moreThanOneInputToAConversionIsAUsageError() {
    CliRun run = CliRun.run(tmp, "strace2perfetto", "a.strace", "b.strace", "-o", "out.pftrace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("takes one INPUT");
  }

  @Test
  void directoryWithoutFfMembersIsAUsageError() throws IOException {
    Files.writeString(tmp.resolve("notes.txt"), "not a trace");

    CliRun run = CliRun.run(tmp, "tree", ".");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("no strace -ff members");
  }

  /**
   * In a log written with {@code -o} every line is complete (only stderr captures tear lines), so
   * a call whose parenthesis never closes and that is not {@code <unfinished ...>} is a bad line.
   */
  @Test
  void checkReportsAnUnclosedCallInAPidPrefixedLog() throws IOException {
    Files.writeString(tmp.resolve("unclosed.strace"), """
        19709 brk(NULL)                         = 0x563348936000
        19709 close(3 = 0
        19709 close(4)                          = 0
        19709 +++ exited with 0 +++
        """);

    CliRun run = CliRun.run(tmp, "check", "unclosed.strace");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.err()).containsPattern("unclosed\\.strace:2:\\d+: ");
  }

  // ------------------------------------------------------------------------------------ usage

  @Test
  void unknownCommandExitsTwoWithTheListOfCommands() {
    CliRun run = CliRun.run(tmp, "frobnicate", "x");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("frobnicate").contains("Usage: systrument COMMAND")
        .contains("strace2perfetto").contains("record");
  }

  @Test
  void noArgumentsExitsTwoWithUsage() {
    CliRun run = CliRun.run(tmp);

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("Usage: systrument COMMAND").contains("check").contains("tree");
  }

  @Test
  void missingArgumentsExitTwoWithTheCommandsUsage() {
    CliRun tree = CliRun.run(tmp, "tree");
    CliRun perfetto = CliRun.run(tmp, "strace2perfetto", "in.strace");
    CliRun record = CliRun.run(tmp, "record");

    assertThat(tree.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(tree.err()).contains("Usage: tree").contains("--json");
    assertThat(perfetto.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(perfetto.err()).contains("--output").contains("Usage: strace2perfetto");
    assertThat(record.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(record.err()).contains("nothing to record");
  }

  @Test
  void helpPrintsUsageOnStdoutAndExitsZero() {
    CliRun run = CliRun.run(tmp, "help", "strace2perfetto");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: strace2perfetto").contains("--no-syscalls").contains("--logs");
  }

  // --------------------------------------------------------------------------- atomic outputs

  @Test
  void missingInputLeavesNoOutputAndNoTemporaryFile() throws IOException {
    CliRun run = CliRun.run(tmp, "strace2perfetto", "nope.strace", "-o", "out.pftrace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("no such file: nope.strace");
    assertThat(listing(tmp)).isEmpty();
  }

  @Test
  void missingOutputDirectoryIsAUsageError() throws IOException {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");

    CliRun run = CliRun.run(tmp, "strace2perfetto", log.toString(), "-o", "no/such/dir/out.pftrace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("not writable").contains("no/such/dir");
    assertThat(listing(tmp)).isEmpty();
  }

  @Test
  void unwritableOutputDirectoryIsAUsageError() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root writes into read-only directories");
    Path readOnly = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      CliRun run = CliRun.run(tmp, "strace2perfetto", Corpus.log("w02-nested-exit.B-record.strace").toString(), "-o", "ro/out.pftrace");

      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err()).contains("not writable");
      assertThat(listing(readOnly)).isEmpty();
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void failureMidConversionKeepsThePreviousOutputAndLeavesNoTemporaryFile() throws IOException {
    // Standard input that fails after half the log: the reader gets an I/O error after it has
    // converted part of the log, i.e. after the writer has written packets. (A truncated .gz used
    // to be the failure here; it is now read up to the cut: see RobustnessCatalogueTest.)
    byte[] log = Files.readAllBytes(Corpus.log("w07-build.C-full.strace"));
    InputStream failing = new java.io.SequenceInputStream(
        new java.io.ByteArrayInputStream(Arrays.copyOf(log, log.length / 2)),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("device gone");
          }
        });
    Files.writeString(tmp.resolve("out.pftrace"), "previous trace");

    CliRun run = CliRun.run(tmp, CliRun.quietEnvironment(), failing, "strace2perfetto", "-", "-o", "out.pftrace");

    assertThat(run.exitCode()).as("%s", run).isNotZero();
    assertThat(run.err()).contains("I/O error").contains("device gone");
    assertThat(Files.readString(tmp.resolve("out.pftrace"))).isEqualTo("previous trace");
    assertThat(listing(tmp)).containsExactlyInAnyOrder("out.pftrace");
  }

  @Test
  void successLeavesOnlyTheOutput() throws IOException {
    Path log = copyResource("logs/exec-chain.strace", tmp.resolve("chain.strace"));

    CliRun run = CliRun.run(tmp, "strace2perfetto", log.getFileName().toString(), "-o", "chain.pftrace");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.err()).contains("wrote chain.pftrace");
    assertThat(listing(tmp)).containsExactlyInAnyOrder("chain.strace", "chain.pftrace");
  }

  @Test
  void skippedLinesStillGiveATraceButExitOne() throws IOException {
    copyResource("logs/bad-lines.strace", tmp.resolve("bad-lines.strace"));

    CliRun run = CliRun.run(tmp, "strace2perfetto", "bad-lines.strace", "-o", "bad.pftrace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS);
    assertThat(run.err()).contains("bad-lines.strace:4:").contains("2 problems").contains("wrote bad.pftrace");
    DecodedTrace trace = DecodedTrace.decode(Files.readAllBytes(tmp.resolve("bad.pftrace")));
    assertThat(trace.slicesInCategory("syscall")).hasSize(6);
    assertThat(listing(tmp)).containsExactlyInAnyOrder("bad-lines.strace", "bad.pftrace");
  }

  @Test
  void outputOverTheInputIsRefused() throws IOException {
    Path log = copyResource("logs/exec-chain.strace", tmp.resolve("chain.strace"));
    byte[] before = Files.readAllBytes(log);

    CliRun run = CliRun.run(tmp, "strace2perfetto", "chain.strace", "-o", "./chain.strace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("is the input file");
    assertThat(Files.readAllBytes(log)).isEqualTo(before);
    assertThat(listing(tmp)).containsExactly("chain.strace");
  }

  // ------------------------------------------------------------------------------------- tree

  @Test
  void treeTextShowsExitCodesUnderTheParent() {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");

    CliRun run = CliRun.run(log.getParent(), "tree", log.getFileName().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("19663 bash -c 'sh -c \"exit 3\"; \\(sh -c \"exit 0\"\\); true' \\[\\d+\\.\\d ms\\] exit 0");
    assertThat(lines.get(1)).matches("├─19664 sh -c 'exit 3' \\[\\d+\\.\\d ms\\] exit 3");
    assertThat(lines.get(2)).matches("└─19665 sh -c 'exit 0' \\[\\d+\\.\\d ms\\] exit 0");
    assertThat(run.err()).contains("105 lines, 100 syscalls, 3 processes; 0 problems");
  }

  /**
   * Issue 13 item 8, recorded with strace 6.1 ({@code strace -f -ttt -T -o x bash -c
   * 'nonexistent_cmd; /bin/true'}): bash forks a child for the missing command (it exits 127
   * without exec'ing), then execs true itself. The child ran bash, not the parent's last program.
   */
  @Test
  void treeTextNamesAChildThatNeverExecdAfterTheProgramItsParentRanWhenItForked() throws IOException {
    copyResource("logs/fork-then-exec.strace", tmp.resolve("fork-then-exec.strace"));

    CliRun run = CliRun.run(tmp, "tree", "fork-then-exec.strace");

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("27082 bash → true \\[\\d+\\.\\d ms\\] exit 0");
    assertThat(lines.get(1)).matches("└─27086 \\(bash\\) \\[\\d+\\.\\d ms\\] exit 127");
  }

  @Test
  void treeTextOfAnUntimedLogShowsNoDurations() {
    Path log = Corpus.log("w02-nested-exit.E-plain.strace");

    CliRun run = CliRun.run(log.getParent(), "tree", log.getFileName().toString());

    // The reader's synthetic clock only orders events: a duration from it would be made up.
    assertThat(run.out()).isEqualTo("""
        19709 bash -c 'sh -c "exit 3"; (sh -c "exit 0")...' exit 0
        ├─19710 sh -c 'exit 3' exit 3
        └─19711 sh -c 'exit 0' exit 0
        """);
  }

  @Test
  void treeTextShowsExecChainsKillsAndDurations() throws IOException {
    Path log = copyResource("logs/exec-chain.strace", tmp.resolve("chain.strace"));

    CliRun run = CliRun.run(tmp, "tree", log.getFileName().toString());

    // sh exec'd make (the chain), make's child cc crashed; 100 lived from .000100 s to .004100 s.
    assertThat(run.out()).isEqualTo("""
        100 sh → make all [4.0 ms] exit 2
        └─101 cc -c 'hello world.c' [1.0 ms] SIGSEGV (core dumped)
        """);
  }

  @Test
  void treeTextIsCutToTheTerminalWidth() throws IOException {
    Path log = copyResource("logs/exec-chain.strace", tmp.resolve("chain.strace"));
    Map<String, String> env = new java.util.HashMap<>(CliRun.quietEnvironment());
    env.put("COLUMNS", "20");

    CliRun run = CliRun.run(tmp, env, InputStream.nullInputStream(), "tree", "chain.strace");

    assertThat(run.out()).isEqualTo("""
        100 sh → make all […
        └─101 cc -c 'hello …
        """);
  }

  @Test
  void treeTextKeepsOneLinePerProcessAndCountsThreads() {
    Path log = Corpus.log("w05a-pythreads.B-record.strace");

    CliRun run = CliRun.run(log.getParent(), "tree", log.getFileName().toString());

    // python3 -c 'import threading<newline>def work(i): ...': the newlines are shown as \n.
    assertThat(run.out().lines().toList()).singleElement().asString()
        .startsWith("19980 python3 -c 'import threading\\ndef work(i):\\n    with open(")
        .endsWith("exit 0 (4 threads)");
  }

  @Test
  void treeJsonHasTheDocumentedShapeWithNullTimesForAnUntimedLog() throws IOException {
    Path log = Corpus.log("w02-nested-exit.E-plain.strace");
    String golden = resource("golden/w02-nested-exit.E-plain.tree.json");

    CliRun run = CliRun.run(log.getParent(), "tree", "--json", log.getFileName().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).isEqualTo(golden);
  }

  /**
   * docs/tree.md: strings are the bytes decoded as UTF-8 with invalid bytes written as {@code \xHH};
   * a string strace truncated keeps its {@code ...}; JSON escapes the rest.
   */
  @Test
  void treeJsonStringsAreUtf8WithInvalidBytesEscaped() throws IOException {
    copyResource("logs/argv-bytes.strace", tmp.resolve("bytes.strace"));

    CliRun run = CliRun.run(tmp, "tree", "--json", "bytes.strace");

    assertThat(run.exitCode()).as("%s", run).isZero();
    // printf "\377abc" "caf\303\251" "tab\there" "esc\33[0m" "quote\"back\\slash" "trunc"...
    assertThat(run.out()).contains("\"argv\":[\"printf\",\"\\\\xffabc\",\"café\",\"tab\\there\",\"esc\\u001b[0m\","
        + "\"quote\\\"back\\\\slash\",\"trunc...\"]");
    Map<String, Object> exec = CorpusTruthTest.listOfObjects(
        CorpusTruthTest.listOfObjects(Json.parseObject(run.out()).get("processes")).get(0).get("execs")).get(0);
    assertThat(exec.get("argv"))
        .isEqualTo(List.of("printf", "\\xffabc", "café", "tab\there", "esc\u001b[0m", "quote\"back\\slash", "trunc..."));
  }

  @Test
  void treeJsonOfATimedLogHasEpochNanoseconds() throws IOException {
    Path log = copyResource("logs/exec-chain.strace", tmp.resolve("chain.strace"));

    CliRun run = CliRun.run(tmp, "tree", "--json", log.getFileName().toString());

    Map<String, Object> json = Json.parseObject(run.out());
    assertThat(json).containsOnlyKeys("processes", "summary");
    List<Map<String, Object>> processes = CorpusTruthTest.listOfObjects(json.get("processes"));
    Map<String, Object> sh = processes.get(0);
    assertThat(sh.keySet()).containsExactly("pid", "parentPid", "threads", "execs", "startNs", "endNs", "exit");
    assertThat(sh.get("startNs")).isEqualTo(1_700_000_000_000_100_000L);
    assertThat(sh.get("endNs")).isEqualTo(1_700_000_000_004_100_000L);
    assertThat(CorpusTruthTest.listOfObjects(sh.get("execs"))).extracting(e -> e.get("timestampNs"))
        .containsExactly(1_700_000_000_000_100_000L, 1_700_000_000_001_000_000L);
    Map<String, Object> cc = processes.get(1);
    assertThat(cc.get("parentPid")).isEqualTo(100L);
    assertThat(cc.get("startNs")).as("start of the spawning clone").isEqualTo(1_700_000_000_002_000_000L);
    assertThat(cc.get("exit")).isEqualTo(Map.of("signal", "SIGSEGV", "coreDumped", true));
    assertThat(CorpusTruthTest.object(json.get("summary")))
        .isEqualTo(Map.of("lines", 8L, "syscalls", 5L, "problems", 0L, "foreignLines", 0L));
  }

  // ---------------------------------------------------------------------------------- helpers

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static int indexOfMatch(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    return -1;
  }

  static String resource(String name) {
    try (InputStream in = CliBehaviourTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path copyResource(String name, Path target) throws IOException {
    Files.writeString(target, resource(name), StandardCharsets.UTF_8);
    return target;
  }
}
