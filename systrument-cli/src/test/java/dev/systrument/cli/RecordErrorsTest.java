package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record}'s errors before anything is traced, with the PATH it is given: no strace at all,
 * and a strace that the kernel (or a container) does not let trace. These need no working strace,
 * so they run everywhere; the second one puts a stand-in {@code strace} script first on PATH that
 * answers as strace 6.1 does when ptrace is refused.
 */
class RecordErrorsTest {
  @TempDir Path tmp;

  @Test
  void straceNotOnPathSaysHowToInstallIt() throws IOException {
    Map<String, String> env = new HashMap<>(CliRun.quietEnvironment());
    env.put("PATH", "/nonexistent");

    CliRun run = CliRun.run(tmp, env, InputStream.nullInputStream(), "record", "--output-perfetto", "x.pftrace", "--", "/bin/true");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("strace is not installed").contains("apt-get install strace");
    assertThat(listing()).as("no output, no temporary file").isEmpty();
  }

  @Test
  void ptraceNotPermittedNamesTheKnobs() throws IOException {
    // What strace 6.1 prints under kernel.yama.ptrace_scope=3 or in a container without ptrace.
    Map<String, String> env = pathWithFakeStrace("""
        #!/bin/sh
        if [ "$1" = "-V" ]; then echo "strace -- version 6.1"; exit 0; fi
        echo "strace: test_ptrace_get_syscall_info: PTRACE_TRACEME: Operation not permitted" >&2
        echo "strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted" >&2
        exit 1
        """);

    CliRun run = CliRun.run(tmp, env, InputStream.nullInputStream(), "record", "--output-perfetto", "x.pftrace", "--", "/bin/true");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("not allowed to trace").contains("kernel.yama.ptrace_scope").contains("CAP_SYS_PTRACE");
    assertThat(listing()).containsExactly("bin");
  }

  @Test
  void straceRejectingEveryFlagSetSaysWhich() throws IOException {
    Map<String, String> env = pathWithFakeStrace("""
        #!/bin/sh
        if [ "$1" = "-V" ]; then echo "strace -- version 4.5.20"; exit 0; fi
        echo "strace: invalid option -- 'y'" >&2
        exit 1
        """);

    CliRun run = CliRun.run(tmp, env, InputStream.nullInputStream(), "record", "--", "/bin/true");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("strace -- version 4.5.20").contains("invalid option");
    assertThat(listing()).containsExactly("bin");
  }

  private Map<String, String> pathWithFakeStrace(String script) throws IOException {
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path strace = bin.resolve("strace");
    Files.writeString(strace, script);
    Files.setPosixFilePermissions(strace, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = new HashMap<>(CliRun.quietEnvironment());
    env.put("PATH", bin + ":/usr/bin:/bin");
    return env;
  }

  private java.util.List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
