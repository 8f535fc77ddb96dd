/**
 * Model events to OpenTelemetry spans and log records, sent over OTLP (http/protobuf or grpc) while
 * the log is read, or written as OTLP JSON Lines.
 *
 * <p>Public API: {@link dev.systrument.otel.OtelOptions} (configuration, from the standard {@code
 * OTEL_*} variables and a builder), {@link dev.systrument.otel.OtelExporter} (a {@code
 * ProcessListener} for the process tracker) and {@link dev.systrument.otel.ExportResult}. Inside:
 * {@code SpanAssembler} and {@code LogRecordAssembler} build the SDK's {@code SpanData} and {@code
 * LogRecordData} from the tracker's calls, {@code ExportQueue} feeds them to the SDK's OTLP
 * exporters with back-pressure, {@code OtlpEndpoint} configures those exporters ({@code
 * OtlpJsonLines} replaces them for a file). The mapping is
 * documented in docs/otel.md.
 */
package dev.systrument.otel;
