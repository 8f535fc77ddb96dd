package dev.systrument.otel;

import static dev.systrument.otel.OtelAttributes.CORE_DUMPED;
import static dev.systrument.otel.OtelAttributes.DIAGNOSTIC;
import static dev.systrument.otel.OtelAttributes.EVENT;
import static dev.systrument.otel.OtelAttributes.EVENT_NAME;
import static dev.systrument.otel.OtelAttributes.PROCESS_EXIT_CODE;
import static dev.systrument.otel.OtelAttributes.PROCESS_PID;
import static dev.systrument.otel.OtelAttributes.SIGNAL;
import static dev.systrument.otel.OtelAttributes.SOURCE_LINE;
import static dev.systrument.otel.OtelAttributes.SYSCALL_ARGS;
import static dev.systrument.otel.OtelAttributes.SYSCALL_DURATION_NS;
import static dev.systrument.otel.OtelAttributes.SYSCALL_ERRNO;
import static dev.systrument.otel.OtelAttributes.SYSCALL_NAME;
import static dev.systrument.otel.OtelAttributes.SYSCALL_RESULT;
import static dev.systrument.otel.OtelAttributes.THREAD_ID;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.EventText;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.Redaction;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.Task;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Locale;

/**
 * One log record per strace event ({@code --logs}): body = the strace line ({@link EventText}, with
 * an exec's argv and environment redacted as the options say, {@link Redaction#call}),
 * timestamp = the event's, linked to the span current in the event's process, with the syscall's
 * parts as attributes so that backends can filter on them without parsing the body.
 */
final class LogRecordAssembler {
  /** Prefix of the OTLP event name: {@code systrument.syscall}, {@code systrument.signal}... */
  static final String EVENT_NAME_PREFIX = "systrument.";

  private final Timeline timeline;
  private final InstrumentationScopeInfo scope;
  private final Redaction redaction;

  LogRecordAssembler(Timeline timeline, InstrumentationScopeInfo scope, Redaction redaction) {
    this.redaction = redaction;
    this.timeline = timeline;
    this.scope = scope;
  }

  /**
   * @param span the span current in the event's process, which the record is linked to
   * @param resource that span's resource (the record belongs to the same process, and service)
   */
  LogRecordData toLogRecord(Task task, TraceEvent event, SpanContext span, Resource resource) {
    if (event instanceof SyscallEvent s) {
      // an execve's argv and env, redacted once for both the body and the arguments attribute
      event = redaction.call(s);
    }
    AttributesBuilder a = Attributes.builder();
    String kind = "event";
    if (task != null) { // null: a strace message that names no task (`strace: Seccomp filter ...`)
      a.put(PROCESS_PID, task.pid());
      a.put(THREAD_ID, task.tid());
    }
    if (event instanceof SyscallEvent s) {
      kind = "syscall";
      a.put(SYSCALL_NAME, s.name());
      a.put(SYSCALL_ARGS, s.arguments().text());
      if (s.completion() == SyscallEvent.Completion.COMPLETE) {
        a.put(SYSCALL_RESULT, s.result().text());
      }
      if (!s.result().errno().isEmpty()) {
        a.put(SYSCALL_ERRNO, s.result().errno());
      }
      if (s.durationNs() >= 0) {
        a.put(SYSCALL_DURATION_NS, s.durationNs());
      }
    } else if (event instanceof SignalEvent g) {
      kind = "signal";
      a.put(SIGNAL, g.signal());
    } else if (event instanceof ExitEvent e) {
      kind = "exit";
      a.put(PROCESS_EXIT_CODE, e.code());
    } else if (event instanceof KilledEvent k) {
      kind = "killed";
      a.put(SIGNAL, k.signal());
      a.put(CORE_DUMPED, k.coreDumped());
    } else if (event instanceof SupersededEvent) {
      kind = "superseded";
    } else if (event instanceof DiagnosticEvent d) {
      kind = "diagnostic";
      a.put(DIAGNOSTIC, d.kind().name().toLowerCase(Locale.ROOT));
    }
    a.put(SOURCE_LINE, event.location().line());
    // The OTLP event name (LogRecord.event_name), and the event.name attribute that came before it,
    // which some backends still read (Zipkin's OTLP module shows such records on their span).
    a.put(EVENT, kind);
    String eventName = EVENT_NAME_PREFIX + kind;
    a.put(EVENT_NAME, eventName);
    long epochNanos = timeline.toEpochNanos(event.timestampNs(), timeline.last());
    return new ExportedLogRecord(resource, scope, epochNanos, span, EventText.render(event), eventName, a.build());
  }
}
