/** Model events to a Perfetto protobuf trace. */
package dev.systrument.perfetto;
