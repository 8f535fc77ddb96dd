package dev.systrument.model.process;

import dev.systrument.model.value.Value.Str;
import java.util.List;

/**
 * One successful {@code execve}/{@code execveat}: the program image a process runs from {@link
 * #timestampNs()} until its next exec or its end.
 *
 * @param path the file name argument as printed (bytes; may be truncated by {@code -s})
 * @param argv arguments; when strace cut the list short the last element is the string {@code ...}
 * @param env environment strings {@code NAME=value}; empty when not printed (without {@code -v}
 *     strace prints only a pointer and a {@code /* N vars * /} comment; see {@link #envKnown()})
 * @param envKnown whether {@code env} holds the real environment
 * @param timestampNs when the execve call started
 * @param tid the task that called execve (a non-leader thread for a superseding exec)
 *
 * <p>The execve event itself is not kept: a snapshot of a large build holds one image per process,
 * and the event's raw argument bytes and decoded values would triple what each costs. Listeners
 * that want the call see it in {@link ProcessListener#event}.
 */
public record ExecImage(Str path, List<Str> argv, List<Str> env, boolean envKnown, long timestampNs, int tid) {
  public ExecImage {
    argv = List.copyOf(argv);
    env = List.copyOf(env);
  }

  /**
   * {@link #argv()} as text, for assertions and display ({@link Str#text()}: invalid UTF-8 as
   * {@code \xHH}). Not redacted: apply {@link dev.systrument.model.Redaction#argvText} before
   * showing it to anyone but the test that ran the command.
   */
  public List<String> arguments() {
    return argv.stream().map(Str::text).toList();
  }

  /** The last path component of {@link #path()} as text: {@code /usr/bin/gcc} → {@code gcc}. */
  public String executableName() {
    String p = path.text();
    int slash = p.lastIndexOf('/');
    return slash >= 0 ? p.substring(slash + 1) : p;
  }
}
