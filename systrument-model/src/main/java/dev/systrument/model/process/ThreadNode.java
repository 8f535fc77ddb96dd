package dev.systrument.model.process;

import dev.systrument.model.TraceEvent;

/**
 * A non-leader thread in the snapshot.
 *
 * @param startNs when its spawning call started, or when first seen if that was earlier or the spawn
 *     is unknown; {@link TraceEvent#NO_TIMESTAMP} if unknown
 * @param endNs when it ended, {@link TraceEvent#NO_TIMESTAMP} if unknown
 */
public record ThreadNode(long taskKey, int tid, long startNs, long endNs, ExitStatus exit) {}
