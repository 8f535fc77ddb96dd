package dev.systrument.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/**
 * A finished span, handed straight to the OTLP exporter. We build {@link SpanData} ourselves
 * instead of going through the SDK's {@code Tracer}: a span's parent is only known for sure when
 * the tracker reports it ({@code parentFound} can come after the child's first lines), and with
 * {@code --relative-to-now} the time shift is only known at the first event; both must be settled
 * before the data is frozen, which the SDK does at span start.
 */
final class ExportedSpan implements SpanData {
  private final String name;
  private final SpanContext spanContext;
  private final SpanContext parentSpanContext;
  private final StatusData status;
  private final long startEpochNanos;
  private final long endEpochNanos;
  private final Attributes attributes;
  private final List<EventData> events;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;

  ExportedSpan(
      String name,
      SpanContext spanContext,
      SpanContext parentSpanContext,
      StatusData status,
      long startEpochNanos,
      long endEpochNanos,
      Attributes attributes,
      List<EventData> events,
      Resource resource,
      InstrumentationScopeInfo scope) {
    this.name = name;
    this.spanContext = spanContext;
    this.parentSpanContext = parentSpanContext;
    this.status = status;
    this.startEpochNanos = startEpochNanos;
    this.endEpochNanos = endEpochNanos;
    this.attributes = attributes;
    this.events = List.copyOf(events);
    this.resource = resource;
    this.scope = scope;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public SpanKind getKind() {
    return SpanKind.INTERNAL;
  }

  @Override
  public SpanContext getSpanContext() {
    return spanContext;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parentSpanContext;
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return List.of();
  }

  @Override
  public long getEndEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return events.size();
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }

  @Override
  @Deprecated
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  /**
   * This span under {@code parent} (the remote parent or none, for the trace's root; the synthetic
   * root otherwise), from {@code start} to {@code end}, with {@code more} attributes.
   */
  ExportedSpan asRoot(SpanContext parent, long start, long end, Attributes more) {
    return new ExportedSpan(name, spanContext, parent, status, start, end, attributes.toBuilder().putAll(more).build(),
        events, resource, scope);
  }

  @Override
  public String toString() {
    return "ExportedSpan{" + name + " " + spanContext.getSpanId() + " parent=" + parentSpanContext.getSpanId() + "}";
  }
}
