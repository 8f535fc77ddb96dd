package dev.systrument.cli;

import dev.systrument.model.Redaction;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTree;
import java.util.List;
import java.util.Locale;

/**
 * {@code tree}: an indented process tree in the spirit of strace-process-tree, one line per
 * process:
 *
 * <pre>
 * 19501 bash -c 'echo hi | tr a-z A-Z | wc -c; ls / &gt;/dev/null' [45.1 ms] exit 0
 * ├─19502 (bash) [1.2 ms] exit 0
 * └─19505 bash → ls / [3.4 ms] exit 0
 * </pre>
 *
 * A process that never exec'd shows in parentheses the program its parent ran when it forked
 * ({@link ProcessTree#inheritedImage}); an exec chain shows every program with {@code →}, the last
 * with its arguments. A pid the log never tells (a log without pid prefixes, {@link
 * ProcessNode#pidKnown()}) shows as {@code ?}.
 */
final class TreeText {
  private final ProcessTree tree;
  private final boolean timed;
  private final int width;
  private final Redaction redaction;

  /**
   * @param width maximum line width, or 0 for no limit
   * @param redaction what to hide of each argv
   */
  TreeText(ProcessTree tree, boolean timed, int width, Redaction redaction) {
    this.tree = tree;
    this.timed = timed;
    this.width = width;
    this.redaction = redaction;
  }

  String render() {
    StringBuilder sb = new StringBuilder();
    for (ProcessNode root : tree.roots()) {
      append(sb, root, "", "");
    }
    return sb.toString();
  }

  private void append(StringBuilder sb, ProcessNode p, String firstPrefix, String restPrefix) {
    String line = firstPrefix + describe(p);
    if (width > 0 && line.length() > width) {
      line = line.substring(0, Math.max(0, width - 1)) + "…";
    }
    sb.append(line).append('\n');
    List<ProcessNode> children = tree.children(p);
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      append(sb, children.get(i), restPrefix + (last ? "└─" : "├─"), restPrefix + (last ? "  " : "│ "));
    }
  }

  private String describe(ProcessNode p) {
    StringBuilder sb = new StringBuilder();
    if (p.pidKnown()) {
      sb.append(p.pid()).append(' ');
    } else {
      sb.append("? "); // a log without pid prefixes that never tells it
    }
    if (p.execs().isEmpty()) {
      // a root that never exec'd (attached with -p) is named by its -Y comm, if it has one
      ExecImage inherited = tree.inheritedImage(p);
      String name = inherited != null ? inherited.executableName() : !p.comm().isEmpty() ? p.comm() : "?";
      sb.append('(').append(name).append(')');
    } else {
      for (int i = 0; i < p.execs().size() - 1; i++) {
        sb.append(p.execs().get(i).executableName()).append(" → ");
      }
      ExecImage last = p.execs().get(p.execs().size() - 1);
      sb.append(last.executableName());
      List<String> argv = redaction.argvText(last.argv());
      for (int i = 1; i < argv.size(); i++) {
        sb.append(' ').append(ShellWords.quote(argv.get(i)));
      }
    }
    if (timed && p.durationNs() >= 0) {
      sb.append(" [").append(formatDuration(p.durationNs())).append(']');
    }
    sb.append(' ').append(p.exit().describe());
    if (!p.threads().isEmpty()) {
      sb.append(" (").append(Count.of(p.threads().size(), "thread")).append(')');
    }
    return sb.toString();
  }

  static String formatDuration(long ns) {
    if (ns < 1_000_000L) {
      return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }
    if (ns < 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
  }
}
