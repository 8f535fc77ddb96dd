package dev.systrument.cli;

import dev.systrument.model.Redaction;
import dev.systrument.model.stats.CriticalLink;
import dev.systrument.model.stats.Failures;
import dev.systrument.model.stats.ProgramStats;
import dev.systrument.model.stats.ProgramSyscalls;
import dev.systrument.model.stats.SyscallRow;
import dev.systrument.model.stats.TraceStats;
import java.util.List;

/**
 * {@code stats --json}: every figure of {@link TraceStats}, nothing cut, in the shape docs/stats.md
 * documents. Times and durations are nanoseconds; {@code null} where the log cannot tell (no
 * timestamps, no {@code -T}), never 0.
 */
final class StatsJson {
  private StatsJson() {}

  static String render(TraceStats stats, Redaction redaction) {
    boolean timed = stats.hasTimes();
    JsonOut json = new JsonOut().beginObject();
    json.field("version", 1);
    json.field("timestamps", stats.timeKind().name().toLowerCase(java.util.Locale.ROOT));
    json.field("syscallTimes", stats.hasSyscallTimes());
    json.known("wallNs", timed ? stats.wallNs() : -1);
    json.field("processes", stats.processes());
    json.field("threads", stats.threads());
    json.beginArray("programs");
    for (ProgramStats p : stats.programs()) {
      json.beginObject().field("name", p.name()).field("runs", p.runs())
          .known("totalNs", p.totalNs()).known("medianNs", p.medianNs()).known("maxNs", p.maxNs()).endObject();
    }
    json.endArray();
    json.beginObject("parallelism")
        .field("peak", stats.parallelism().peak())
        .field("mean", stats.parallelism().mean())
        .known("serialNs", stats.parallelism().serialNs())
        .endObject();
    json.beginArray("criticalPath");
    for (CriticalLink link : stats.criticalPath()) {
      json.beginObject().field("pid", link.pid()).field("depth", link.depth()).field("program", link.program());
      json.beginArray("argv");
      if (link.image() != null) {
        for (String a : redaction.argvText(link.image().argv())) {
          json.value(a);
        }
      }
      json.endArray();
      json.known("startNs", timed ? link.startNs() : -1).known("endNs", timed ? link.endNs() : -1)
          .known("durationNs", link.durationNs()).known("ownNs", link.ownNs()).endObject();
    }
    json.endArray();
    Failures f = stats.failures();
    json.beginObject("failures");
    json.beginArray("exits");
    for (Failures.FailedProcess p : f.exits()) {
      json.beginObject().field("pid", p.pid()).field("program", p.program()).field("status", p.status())
          .field("killed", p.killed()).endObject();
    }
    json.endArray();
    json.beginArray("failedExecs");
    for (Failures.FailedExec e : f.failedExecs()) {
      json.beginObject().field("path", e.path()).field("errno", e.errno()).field("count", e.count());
      strings(json.beginArray("programs"), e.programs()).endArray().endObject();
    }
    json.endArray();
    json.beginArray("lookupMisses");
    for (Failures.LookupMisses m : f.lookupMisses()) {
      json.beginObject().field("program", m.program()).field("enoent", m.count()).field("execs", m.execs()).endObject();
    }
    json.endArray();
    json.endObject();
    json.beginArray("syscalls");
    for (ProgramSyscalls program : stats.syscalls()) {
      json.beginObject().field("program", program.program()).field("calls", program.calls()).known("totalNs", program.totalNs());
      json.beginArray("rows");
      for (SyscallRow row : program.rows()) {
        json.beginObject().field("name", row.name()).field("calls", row.calls()).field("errors", row.errors())
            .known("totalNs", row.totalNs()).known("meanNs", row.meanNs()).endObject();
      }
      json.endArray().endObject();
    }
    json.endArray();
    return json.endObject().toString();
  }

  static JsonOut strings(JsonOut json, List<String> values) {
    for (String v : values) {
      json.value(v);
    }
    return json;
  }
}
