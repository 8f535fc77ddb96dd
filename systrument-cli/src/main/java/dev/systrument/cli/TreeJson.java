package dev.systrument.cli;

import dev.systrument.model.Redaction;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.ThreadNode;
import tools.jackson.core.JsonGenerator;

/**
 * {@code tree --json}: the stable JSON form of a process tree, documented in docs/tree.md. The
 * shape is fixed by issue #3; keep it byte-stable (tests and users diff it). strace2json ends with
 * the same process objects (docs/json.md), each with its keys added at the end.
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
    return JsonOutput.render(g -> {
      g.writeStartObject();
      writeProcessesAndSummary(g, tree, timed, summary, redaction, false);
      g.writeEndObject();
    });
  }

  /**
   * The {@code processes} and {@code summary} properties, into an object {@code g} has started.
   *
   * @param withKeys also each process's {@code processKey} and {@code parentKey} (0 for a root), as
   *     strace2json's events name processes by key: a reused pid is two processes
   */
  static void writeProcessesAndSummary(
      JsonGenerator g, ProcessTree tree, boolean timed, Summary summary, Redaction redaction, boolean withKeys) {
    g.writeArrayPropertyStart("processes");
    for (ProcessNode p : tree.processes()) {
      writeProcess(g, p, timed, redaction, withKeys);
    }
    g.writeEndArray();
    g.writeObjectPropertyStart("summary");
    g.writeNumberProperty("lines", summary.lines());
    g.writeNumberProperty("syscalls", summary.syscalls());
    g.writeNumberProperty("problems", summary.problems());
    g.writeNumberProperty("foreignLines", summary.foreignLines());
    g.writeEndObject();
  }

  private static void writeProcess(JsonGenerator g, ProcessNode p, boolean timed, Redaction redaction, boolean withKeys) {
    g.writeStartObject();
    g.writeNumberProperty("pid", p.pid());
    if (p.isRoot()) {
      g.writeNullProperty("parentPid");
    } else {
      g.writeNumberProperty("parentPid", p.parentPid());
    }
    g.writeArrayPropertyStart("threads");
    for (ThreadNode t : p.threads()) {
      g.writeNumber(t.tid());
    }
    g.writeEndArray();
    g.writeArrayPropertyStart("execs");
    for (ExecImage e : p.execs()) {
      g.writeStartObject();
      g.writeStringProperty("path", e.path().text());
      g.writeArrayPropertyStart("argv");
      for (String arg : redaction.argvText(e.argv())) {
        g.writeString(arg);
      }
      g.writeEndArray();
      writeTime(g, "timestampNs", e.timestampNs(), timed);
      g.writeEndObject();
    }
    g.writeEndArray();
    writeTime(g, "startNs", p.startNs(), timed);
    writeTime(g, "endNs", p.endNs(), timed);
    ExitStatus exit = p.exit();
    if (exit instanceof ExitStatus.Exited e) {
      g.writeObjectPropertyStart("exit");
      g.writeNumberProperty("code", e.code());
      g.writeEndObject();
    } else if (exit instanceof ExitStatus.Killed k) {
      g.writeObjectPropertyStart("exit");
      g.writeStringProperty("signal", k.signal());
      g.writeBooleanProperty("coreDumped", k.coreDumped());
      g.writeEndObject();
    } else {
      g.writeNullProperty("exit");
    }
    if (!p.pidKnown()) {
      // only then (new keys go at the end): every other log's JSON stays as it was
      g.writeBooleanProperty("pidKnown", false);
    }
    if (withKeys) {
      g.writeNumberProperty("processKey", p.processKey());
      g.writeNumberProperty("parentKey", p.parentKey());
    }
    g.writeEndObject();
  }

  /** A time in ns, or null when the log has no such times or this one is unknown. */
  static void writeTime(JsonGenerator g, String name, long ns, boolean timed) {
    if (!timed || ns == TraceEvent.NO_TIMESTAMP) {
      g.writeNullProperty(name);
    } else {
      g.writeNumberProperty(name, ns);
    }
  }
}
