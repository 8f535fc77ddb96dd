package dev.systrument.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C trace context the root span continues ({@code TRACEPARENT}/{@code TRACESTATE} in a CI
 * job, as otel-cli reads them), parsed by the API's own W3C propagator so that validation (version,
 * all-zero ids, flags) is the SDK's.
 */
final class ParentContext {
  private ParentContext() {}

  private static final TextMapGetter<Map<String, String>> MAP_GETTER =
      (carrier, key) -> carrier == null ? null : carrier.get(key);

  /** The remote parent, or {@link SpanContext#getInvalid()} when {@code traceParent} is null or malformed. */
  static SpanContext parse(String traceParent, String traceState) {
    if (traceParent == null) {
      return SpanContext.getInvalid();
    }
    Map<String, String> carrier = new HashMap<>();
    carrier.put("traceparent", traceParent.trim());
    if (traceState != null) {
      carrier.put("tracestate", traceState.trim());
    }
    Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP_GETTER);
    return Span.fromContext(extracted).getSpanContext();
  }
}
