package dev.systrument.perfetto;

import dev.systrument.model.Arguments;
import dev.systrument.model.EnvRedaction;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps secrets out of everything that shows an exec's environment: the {@code env} argument of
 * an {@code execve}/{@code execveat} slice and its strace line (with {@code --logs}), not only the
 * exec phase's {@code env} dict. {@code execve("/bin/sh", ["sh"], ["GITHUB_TOKEN=ghp_x"]) = 0}
 * becomes {@code [GITHUB_TOKEN=<redacted>]}
 * (rendered like {@link Value.Array#toText()}).
 */
final class ExecEnv {
  private ExecEnv() {}

  /** Index of the environment argument of an exec syscall, or -1 for other syscalls. */
  static int envArgumentIndex(String syscall) {
    if (syscall.equals("execve")) {
      return 2;
    }
    if (syscall.equals("execveat")) {
      return 3;
    }
    return -1;
  }

  /** The env argument's text under {@code redaction}. */
  static String redactedText(Value env, EnvRedaction redaction) {
    if (redaction == EnvRedaction.ALL || !(env instanceof Value.Array array)) {
      return env.toText(); // a pointer with /* N vars */: nothing secret in it
    }
    if (redaction == EnvRedaction.NONE) {
      return "[/* " + array.elements().size() + " vars, not exported */]";
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < array.elements().size(); i++) {
      Value e = array.elements().get(i);
      if (i > 0) {
        sb.append(", ");
      }
      if (e instanceof Value.Str s) {
        String text = s.text();
        int eq = text.indexOf('=');
        if (eq >= 0) {
          String name = text.substring(0, eq);
          text = name + "=" + redaction.exportedValue(name, text.substring(eq + 1));
        }
        sb.append(text);
      } else {
        sb.append(e.toText());
      }
    }
    return sb.append(']').toString();
  }

  /**
   * {@code call} with its env argument redacted, for rendering its strace line; {@code call}
   * itself when nothing needs hiding.
   */
  static SyscallEvent redacted(SyscallEvent call, EnvRedaction redaction) {
    int index = envArgumentIndex(call.name());
    if (index < 0 || redaction == EnvRedaction.ALL) {
      return call;
    }
    List<Value> values = Annotations.decode(call);
    if (values == null || values.size() <= index) {
      return call;
    }
    List<String> parts = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      parts.add(i == index ? redactedText(values.get(i), redaction) : values.get(i).toText());
    }
    return new SyscallEvent(
        call.pid(),
        call.timestampNs(),
        call.timeKind(),
        call.comm(),
        call.location(),
        call.name(),
        Arguments.of(String.join(", ", parts), values),
        call.result(),
        call.durationNs(),
        call.resumedTimestampNs(),
        call.completion(),
        call.stack());
  }
}
