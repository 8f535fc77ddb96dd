package dev.systrument.cli;

import dev.systrument.model.Redaction;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.ThreadNode;
import java.util.List;

/**
 * {@code tree --json}: the stable JSON form of a process tree, documented in docs/tree.md. The
 * shape is fixed by issue #3; keep it byte-stable (tests and users diff it).
 */
final class TreeJson {
  private TreeJson() {}

  /** Counts for the {@code summary} object. */
  record Summary(long lines, long syscalls, long problems, long foreignLines) {}

  /**
   * @param timed false for untimed logs: every time is then written as {@code null}, because
   *     the reader's synthetic timestamps only order events (a {@code -r} log is timed: its times
   *     are offsets from the first record)
   * @param redaction what to hide of each argv
   */
  static String render(ProcessTree tree, boolean timed, Summary summary, Redaction redaction) {
    StringBuilder sb = new StringBuilder(256 + tree.processes().size() * 256);
    sb.append("{\"processes\":[");
    boolean first = true;
    for (ProcessNode p : tree.processes()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      appendProcess(sb, p, timed, redaction);
    }
    sb.append("],\"summary\":{\"lines\":").append(summary.lines());
    sb.append(",\"syscalls\":").append(summary.syscalls());
    sb.append(",\"problems\":").append(summary.problems());
    sb.append(",\"foreignLines\":").append(summary.foreignLines());
    sb.append("}}");
    return sb.toString();
  }

  private static void appendProcess(StringBuilder sb, ProcessNode p, boolean timed, Redaction redaction) {
    sb.append("{\"pid\":").append(p.pid());
    sb.append(",\"parentPid\":").append(p.isRoot() ? "null" : Integer.toString(p.parentPid()));
    sb.append(",\"threads\":[");
    for (int i = 0; i < p.threads().size(); i++) {
      ThreadNode t = p.threads().get(i);
      sb.append(i > 0 ? "," : "").append(t.tid());
    }
    sb.append("],\"execs\":[");
    for (int i = 0; i < p.execs().size(); i++) {
      ExecImage e = p.execs().get(i);
      sb.append(i > 0 ? "," : "").append("{\"path\":");
      JsonText.appendString(sb, e.path().text());
      sb.append(",\"argv\":[");
      List<String> argv = redaction.argvText(e.argv());
      for (int j = 0; j < argv.size(); j++) {
        if (j > 0) {
          sb.append(',');
        }
        JsonText.appendString(sb, argv.get(j));
      }
      sb.append("],\"timestampNs\":");
      appendTime(sb, e.timestampNs(), timed);
      sb.append('}');
    }
    sb.append("],\"startNs\":");
    appendTime(sb, p.startNs(), timed);
    sb.append(",\"endNs\":");
    appendTime(sb, p.endNs(), timed);
    sb.append(",\"exit\":");
    ExitStatus exit = p.exit();
    if (exit instanceof ExitStatus.Exited e) {
      sb.append("{\"code\":").append(e.code()).append('}');
    } else if (exit instanceof ExitStatus.Killed k) {
      sb.append("{\"signal\":");
      JsonText.appendString(sb, k.signal());
      sb.append(",\"coreDumped\":").append(k.coreDumped()).append('}');
    } else {
      sb.append("null");
    }
    if (!p.pidKnown()) {
      // only then, and last (new keys go at the end): every other log's JSON stays as it was
      sb.append(",\"pidKnown\":false");
    }
    sb.append('}');
  }

  private static void appendTime(StringBuilder sb, long ns, boolean timed) {
    if (!timed || ns == TraceEvent.NO_TIMESTAMP) {
      sb.append("null");
    } else {
      sb.append(ns);
    }
  }
}
