package dev.systrument.parser.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The strace flags {@code record} uses, chosen by asking the installed strace rather than trusting
 * a version table: strace 5.x–7.x differ in which long options exist, and distributions backport.
 * Each candidate set is tried on {@code true} (a few milliseconds); the first that strace accepts
 * wins. docs/record.md lists the sets and why each flag is there.
 *
 * @param version what {@code strace -V} printed on its first line ({@code strace -- version 6.1})
 * @param flags the tracing flags, without {@code -o} and the command
 * @param nanosecondTimestamps whether {@code --timestamps=unix,ns} was accepted
 */
public record StraceFlags(String version, List<String> flags, boolean nanosecondTimestamps) {

  public StraceFlags {
    flags = List.copyOf(flags);
  }

  /** Flags common to every set: follow forks, durations, fd paths, long strings, no abbreviation. */
  private static List<String> common() {
    return List.of("-f", "-T", "-yy", "-s", "4096", "-v");
  }

  /**
   * Probes {@code strace} and returns the best flag set it accepts.
   *
   * @param all trace every syscall (no filter, so no {@code --seccomp-bpf})
   */
  static StraceFlags probe(String strace, boolean all) throws RecordingException {
    String version = firstLine(run(List.of(strace, "-V")).output);
    List<List<String>> timestampChoices = List.of(List.of("--timestamps=unix,ns"), List.of("-ttt"));
    List<List<String>> filterChoices =
        all
            ? List.of(List.of())
            : List.of(List.of("--seccomp-bpf", "--trace=%process,%file,fchdir"), List.of("--trace=%process,%file,fchdir"));
    String lastError = "";
    for (List<String> filter : filterChoices) {
      for (List<String> timestamps : timestampChoices) {
        List<String> flags = new ArrayList<>(common());
        flags.addAll(timestamps);
        flags.addAll(filter);
        List<String> probe = new ArrayList<>();
        probe.add(strace);
        probe.addAll(flags);
        probe.addAll(List.of("-o", "/dev/null", "--", "true"));
        ProbeResult result = run(probe);
        if (result.exitCode == 0) {
          return new StraceFlags(version, flags, timestamps.get(0).startsWith("--timestamps"));
        }
        if (result.output.contains("Operation not permitted") || result.output.contains("ptrace")) {
          throw new RecordingException(
              RecordingException.Reason.PTRACE_NOT_PERMITTED,
              "strace is not allowed to trace processes here: "
                  + firstLine(result.output)
                  + "\n  Check /proc/sys/kernel/yama/ptrace_scope (kernel.yama.ptrace_scope; 0 or 1 lets a parent"
                  + " trace its children) and, in a container, that seccomp allows ptrace and the container"
                  + " has CAP_SYS_PTRACE (e.g. docker run --cap-add=SYS_PTRACE).");
        }
        lastError = firstLine(result.output);
      }
    }
    throw new RecordingException(
        RecordingException.Reason.STRACE_UNUSABLE,
        "the installed strace (" + version + ") rejected every flag set systrument knows: " + lastError);
  }

  private record ProbeResult(int exitCode, String output) {}

  private static ProbeResult run(List<String> command) throws RecordingException {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RecordingException(RecordingException.Reason.STRACE_UNUSABLE, "strace did not answer: " + command);
      }
      return new ProbeResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RecordingException(
          RecordingException.Reason.STRACE_NOT_FOUND,
          "cannot run strace (" + e.getMessage() + "). Install it, e.g. on Debian/Ubuntu: sudo apt-get install strace");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(RecordingException.Reason.STRACE_UNUSABLE, "interrupted while probing strace");
    }
  }

  private static String firstLine(String s) {
    String trimmed = s.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl);
  }
}
