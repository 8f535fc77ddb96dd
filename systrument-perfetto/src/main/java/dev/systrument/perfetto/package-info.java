/**
 * Model events to a Perfetto protobuf trace ({@code .pftrace}), streamed.
 *
 * <p>Public API: {@link dev.systrument.perfetto.PerfettoWriter} (a {@link
 * dev.systrument.model.process.ProcessListener} to hang on the process tracker), {@link
 * dev.systrument.perfetto.PerfettoOptions} and {@link dev.systrument.perfetto.PerfettoWriter.Stats}.
 * Everything else is package-private: the hand-written encoder ({@code ProtoBuffer}, {@code
 * PacketStream}, field numbers in {@code PerfettoFields}) and the annotation rules. The classes
 * generated from {@code perfetto_trace.proto} (package {@code dev.systrument.perfetto.proto}) are
 * what the tests decode with. The mapping is described in {@code docs/perfetto.md}.
 */
package dev.systrument.perfetto;
