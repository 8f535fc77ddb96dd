/** Model events to OpenTelemetry spans and log records. */
package dev.systrument.otel;
