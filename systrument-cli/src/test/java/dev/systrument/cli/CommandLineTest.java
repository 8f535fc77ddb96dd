package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as people know it from other tools: {@code -h}/{@code --help} on every
 * subcommand, unknown options named, no waiting on a terminal, outputs that cannot be created
 * named as typed. The subcommands are taken from {@code systrument help}, so a command added later
 * is covered without a line here.
 */
class CommandLineTest {
  @TempDir Path tmp;

  /** The names {@code systrument help} lists, each on a line of its own under "Commands:". */
  private List<String> commands() {
    CliRun help = CliRun.run(tmp, "help");
    assertThat(help.exitCode()).as("%s", help).isZero();
    List<String> names = help.out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
        .takeWhile(l -> !l.isBlank()).map(l -> l.strip().split("\\s+")[0]).toList();
    assertThat(names).contains("check", "tree", "strace2perfetto", "strace2otel", "record", "version");
    return names;
  }

  @Test
  void everyCommandAnswersHelpAndDashHWithItsUsageOnStdout() {
    for (String command : commands()) {
      for (String flag : List.of("--help", "-h")) {
        CliRun run = CliRun.run(tmp, command, flag);

        assertThat(run.exitCode()).as("%s %s: %s", command, flag, run).isZero();
        assertThat(run.out()).as("%s %s", command, flag).contains("Usage: " + command).contains("-h, --help");
        assertThat(run.err()).as("%s %s", command, flag).isEmpty();
        assertThat(run.out()).isEqualTo(CliRun.run(tmp, "help", command).out());
      }
    }
  }

  @Test
  void helpWinsOverMissingRequiredOptionsAndOtherArguments() {
    // strace2perfetto requires -o; tree requires FILE: help is still help
    for (String[] args : List.of(new String[] {"strace2perfetto", "--help"}, new String[] {"tree", "-h"},
        new String[] {"check", "x.strace", "--help"}, new String[] {"strace2otel", "--endpoint", "http://x:1", "-h"})) {
      CliRun run = CliRun.run(tmp, args);

      assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run).isZero();
      assertThat(run.out()).startsWith(CliRun.run(tmp, "help", args[0]).out().lines().findFirst().orElseThrow());
    }
    assertThat(listing()).isEmpty();
  }

  @Test
  void anUnknownOptionIsOneLineNamingItThenWhereHelpIs() {
    for (String command : commands()) {
      CliRun run = CliRun.run(tmp, command, "--bogus", "x.strace");

      assertThat(run.exitCode()).as("%s: %s", command, run).isEqualTo(ExitCode.USAGE);
      assertThat(run.err().lines().toList()).as(command)
          .containsExactly("systrument " + command + ": unknown option --bogus", "see 'systrument " + command + " --help'");
      assertThat(run.out()).isEmpty();
    }
    CliRun withValue = CliRun.run(tmp, "tree", "--colour=always", "x.strace");
    assertThat(withValue.err()).startsWith("systrument tree: unknown option --colour\n");
  }

  @Test
  void recordsOptionsEndAtTheCommandOrAtDoubleDash() {
    // before the command, an unknown option is record's error; nothing runs (no strace needed)
    CliRun bogus = CliRun.run(tmp, "record", "--bogus", "--", "true");
    CliRun help = CliRun.run(tmp, "record", "-h");

    assertThat(bogus.exitCode()).as("%s", bogus).isEqualTo(ExitCode.USAGE);
    assertThat(bogus.err()).startsWith("systrument record: unknown option --bogus\nsee 'systrument record --help'");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: record");
    assertThat(listing()).isEmpty();
  }

  @Test
  void anOptionsValueIsNotReadAsAnOption() throws IOException {
    // --max-problems takes a value: "-h" here would be a bad number, not a request for help
    CliRun run = CliRun.run(tmp, "check", "--max-problems", "-h", "x.strace");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--max-problems").doesNotContain("unknown option");
  }

  @Test
  void versionAndHelpAtTheTop() {
    CliRun version = CliRun.run(tmp, "--version");
    CliRun help = CliRun.run(tmp, "--help");
    CliRun nosuch = CliRun.run(tmp, "help", "nosuch");

    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("systrument ");
    assertThat(version.out().lines().findFirst()).isEqualTo(CliRun.run(tmp, "version").out().lines().findFirst());
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Commands:");
    assertThat(nosuch.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(nosuch.err()).startsWith("systrument: no such command: nosuch\n").contains("Commands:");
    assertThat(nosuch.out()).isEmpty();
  }

  @Test
  void helpTextsSayWhatTheOptionsDo() {
    String record = CliRun.run(tmp, "record", "--help").out().replaceAll("\\s+", " ");
    String tree = CliRun.run(tmp, "tree", "--help").out();

    assertThat(record).contains("COMMAND-YYYYMMDD-HHMMSS.pftrace").contains("no trace when only -o or --otel is given")
        .doesNotContain("--base-date");
    assertThat(record).contains(" --logs Also write each strace line as a Perfetto log message, and with --otel send it as an OTLP log record");
    assertThat(tree).contains("--base-date");
  }

  // ------------------------------------------------------------------------- shell conventions

  /** A user at a terminal who forgot the input: refused at once, never a silent wait. */
  @Test
  void aConverterWithoutInputRefusesATerminalsStdinButDashStillReadsIt() throws IOException {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    for (String command : List.of("strace2perfetto", "strace2otel")) {
      List<String> args = command.equals("strace2perfetto") ? List.of(command, "-o", "t.pftrace") : List.of(command, "--endpoint", "http://127.0.0.1:9");
      CliRun refused = runAtATerminal(new ByteArrayInputStream(new byte[0]), args.toArray(String[]::new));

      assertThat(refused.exitCode()).as("%s: %s", command, refused).isEqualTo(ExitCode.USAGE);
      assertThat(refused.err().strip())
          .isEqualTo("systrument " + command + ": reading strace output from a terminal; give a file or pipe it in");
    }
    assertThat(listing()).isEmpty();

    CliRun dash = runAtATerminal(Files.newInputStream(log), "strace2perfetto", "-", "-o", "t.pftrace");
    assertThat(dash.exitCode()).as("%s", dash).isZero();
    assertThat(dash.err()).startsWith("<stdin>: ");
    assertThat(tmp.resolve("t.pftrace")).isNotEmptyFile();
  }

  @Test
  void anOutputThatCannotBeCreatedIsAUsageErrorNamingIt() throws IOException {
    Path log = Corpus.log("w02-nested-exit.B-record.strace");
    Files.writeString(tmp.resolve("afile"), "not a directory");

    CliRun run = CliRun.run(tmp, "strace2perfetto", log.toString(), "-o", "afile/out.pftrace");
    CliRun record = CliRun.run(tmp, "record", "-o", "afile/raw.strace", "true");

    for (CliRun r : List.of(run, record)) {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCode.USAGE);
      assertThat(r.err()).contains("cannot write " + tmp.resolve("afile/")).contains("not a directory").doesNotContain(".tmp");
    }
    assertThat(listing()).containsExactly("afile");
  }

  @Test
  void countsSpeakEnglish() {
    assertThat(Count.of(1, "process", "processes")).isEqualTo("1 process");
    assertThat(Count.of(0, "process", "processes")).isEqualTo("0 processes");
    assertThat(Count.of(2, "call")).isEqualTo("2 calls");
    assertThat(Count.of(1, "exec slice")).isEqualTo("1 exec slice");
    assertThat(ShellWords.join(List.of("sh", "-c", "ls /"))).isEqualTo("sh -c 'ls /'");
    assertThat(ShellWords.join(List.of("echo", "it's"))).isEqualTo("echo 'it'\\''s'");
  }

  private CliRun runAtATerminal(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    Map<String, String> env = CliRun.quietEnvironment();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(new CliContext(stdin, o, e, Map.copyOf(env), tmp, new Terminal(env, fd -> true))).run(args);
    }
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private List<String> listing() {
    try (var files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
