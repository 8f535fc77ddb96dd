package dev.systrument.cli;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.Redaction;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.Arguments;
import dev.systrument.model.value.Value;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.Task;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import tools.jackson.core.JsonGenerator;

/**
 * strace2json's output: JSON Lines, a header, one object per event as the tracker hands it on
 * (with the task and process it resolved), and the process tree last. The schema is docs/json.md
 * and docs/strace2json.schema.json; {@link #SCHEMA} names its version.
 *
 * <p>Exec calls are shown through {@link Redaction#call}, as every exporter shows them: argv and
 * environment secrets are hidden in the decoded values.
 */
final class JsonEventWriter implements ProcessListener {
  /** The version of the schema, in the header: a consumer checks it before reading on. */
  static final String SCHEMA = "systrument.strace2json/1";

  private final JsonGenerator g;
  private final Redaction redaction;
  private final UnaryOperator<String> sourceName;
  private boolean timed = true;
  private long events;
  /** The last source the reader named and how it is shown: a log has one (or one per -ff member). */
  private String lastSource;
  private String lastSourceShown;

  /**
   * @param sourceName how to show the reader's source names (as the user typed the input)
   */
  JsonEventWriter(JsonGenerator g, Redaction redaction, UnaryOperator<String> sourceName) {
    this.g = g;
    this.redaction = redaction;
    this.sourceName = sourceName;
  }

  /** The first line; {@code timeKind} decides whether times are written (not for untimed logs). */
  void header(String source, TimeKind timeKind) {
    timed = timeKind != TimeKind.NONE;
    g.writeStartObject();
    g.writeStringProperty("type", "header");
    g.writeStringProperty("schema", SCHEMA);
    g.writeStringProperty("source", source);
    g.writeStringProperty("timeKind", timeKind.name().toLowerCase(Locale.ROOT));
    g.writeEndObject();
  }

  @Override
  public void event(Task task, TraceEvent event) {
    events++;
    g.writeStartObject();
    g.writeStringProperty("type", typeOf(event));
    g.writeNumberProperty("tid", event.pid());
    if (task != null) {
      g.writeNumberProperty("pid", task.pid());
      g.writeNumberProperty("processKey", task.processKey());
    } else {
      g.writeNullProperty("pid");
      g.writeNullProperty("processKey");
    }
    TreeJson.writeTime(g, "ts", event.timestampNs(), timed);
    g.writeStringProperty("file", shown(event.location().source()));
    g.writeNumberProperty("line", event.location().line());
    if (!event.comm().isEmpty()) {
      g.writeStringProperty("comm", event.comm());
    }
    if (event instanceof SyscallEvent s) {
      writeSyscall(Redaction.execArgvIndex(s.name()) >= 0 ? redaction.call(s) : s);
    } else if (event instanceof SignalEvent s) {
      g.writeStringProperty("signal", s.signal());
      g.writeBooleanProperty("stopped", s.stopped());
      g.writeName("siginfo");
      writeArguments(s.siginfo());
    } else if (event instanceof ExitEvent e) {
      g.writeNumberProperty("code", e.code());
    } else if (event instanceof KilledEvent k) {
      g.writeStringProperty("signal", k.signal());
      g.writeBooleanProperty("coreDumped", k.coreDumped());
    } else if (event instanceof SupersededEvent s) {
      g.writeNumberProperty("formerTid", s.formerPid());
    } else if (event instanceof DiagnosticEvent d) {
      g.writeStringProperty("kind", d.kind().name().toLowerCase(Locale.ROOT));
      g.writeStringProperty("text", d.text());
    }
    g.writeEndObject();
  }

  private static String typeOf(TraceEvent event) {
    if (event instanceof SyscallEvent) {
      return "syscall";
    } else if (event instanceof SignalEvent) {
      return "signal";
    } else if (event instanceof ExitEvent) {
      return "exit";
    } else if (event instanceof KilledEvent) {
      return "killed";
    } else if (event instanceof SupersededEvent) {
      return "superseded";
    }
    return "diagnostic";
  }

  private void writeSyscall(SyscallEvent s) {
    g.writeStringProperty("name", s.name());
    g.writeName("args");
    writeArguments(s.arguments());
    SyscallResult r = s.result();
    if (r.text().isEmpty()) {
      g.writeNullProperty("result"); // never returned (unfinished, detached)
    } else {
      g.writeObjectPropertyStart("result");
      g.writeStringProperty("text", r.text());
      if (r.known()) {
        g.writeNumberProperty("value", r.value());
      }
      if (!r.errno().isEmpty()) {
        g.writeStringProperty("errno", r.errno());
        g.writeStringProperty("errnoMessage", r.errnoMessage());
      }
      if (!r.annotation().isEmpty()) {
        g.writeStringProperty("annotation", r.annotation());
      }
      g.writeEndObject();
    }
    if (s.durationNs() != SyscallEvent.NO_DURATION) {
      g.writeNumberProperty("durationNs", s.durationNs());
    }
    if (timed && s.resumedTimestampNs() != TraceEvent.NO_TIMESTAMP) {
      g.writeNumberProperty("resumedTs", s.resumedTimestampNs());
    }
    g.writeStringProperty("completion", s.completion().name().toLowerCase(Locale.ROOT));
    if (!s.stack().isEmpty()) {
      g.writeArrayPropertyStart("stack");
      for (String frame : s.stack()) {
        g.writeString(frame);
      }
      g.writeEndArray();
    }
  }

  /**
   * The decoded values. The decoder returns what it cannot take apart as {@link Value.Unparsed};
   * should it throw all the same, the event is still written, its text as one unparsed value.
   */
  private void writeArguments(Arguments arguments) {
    List<Value> values;
    try {
      values = arguments.values();
    } catch (RuntimeException e) {
      values = List.of(new Value.Unparsed(arguments.text(), "decoder failed: " + e));
    }
    ValueJson.writeAll(g, values);
  }

  private String shown(String source) {
    if (!source.equals(lastSource)) {
      lastSource = source;
      lastSourceShown = sourceName.apply(source);
    }
    return lastSourceShown;
  }

  /** The last line: the process tree, as {@code tree --json} has it, with process keys. */
  void trailer(ProcessTree tree, TreeJson.Summary summary) {
    g.writeStartObject();
    g.writeStringProperty("type", "tree");
    g.writeNumberProperty("events", events);
    TreeJson.writeProcessesAndSummary(g, tree, timed, summary, redaction, true);
    g.writeEndObject();
  }

  long events() {
    return events;
  }
}
