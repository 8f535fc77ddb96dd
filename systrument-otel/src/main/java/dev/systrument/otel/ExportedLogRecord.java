package dev.systrument.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;

/**
 * One strace event as a log record, handed straight to the OTLP exporter (no SDK {@code Logger}
 * in between: one object per event instead of a builder, a read-write record and a copy).
 */
final class ExportedLogRecord implements LogRecordData {
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final long epochNanos;
  private final SpanContext spanContext;
  private final String body;
  private final String eventName;
  private final Attributes attributes;

  ExportedLogRecord(
      Resource resource, InstrumentationScopeInfo scope, long epochNanos, SpanContext spanContext, String body,
      String eventName, Attributes attributes) {
    this.eventName = eventName;
    this.resource = resource;
    this.scope = scope;
    this.epochNanos = epochNanos;
    this.spanContext = spanContext;
    this.body = body;
    this.attributes = attributes;
  }

  /** {@code systrument.syscall}, {@code systrument.signal}...: OTLP's {@code LogRecord.event_name}. */
  @Override
  public String getEventName() {
    return eventName;
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public long getTimestampEpochNanos() {
    return epochNanos;
  }

  /** strace observed the event when it happened, so observed time = event time. */
  @Override
  public long getObservedTimestampEpochNanos() {
    return epochNanos;
  }

  @Override
  public SpanContext getSpanContext() {
    return spanContext;
  }

  @Override
  public Severity getSeverity() {
    return Severity.INFO;
  }

  @Override
  public String getSeverityText() {
    return null;
  }

  @Override
  @Deprecated
  public Body getBody() {
    return Body.string(body);
  }

  @Override
  public Value<?> getBodyValue() {
    return Value.of(body);
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }
}
