package dev.systrument.model.stats;

import dev.systrument.model.process.ExecImage;

/**
 * One process of the critical path.
 *
 * @param pid its pid
 * @param depth 0 for the root; a link's children on the path follow it with depth + 1
 * @param program what it ran last (its last exec), or its parent's program in parentheses when it
 *     never exec'd ({@code (sh)}: a forked subshell)
 * @param image its last exec, or null when it never exec'd
 * @param startNs when it started
 * @param endNs when it ended
 * @param durationNs end minus start; -1 without times
 * @param ownNs the part of its duration not spent waiting for its children on the path; -1 without
 *     times
 */
public record CriticalLink(int pid, int depth, String program, ExecImage image, long startNs, long endNs, long durationNs, long ownNs) {}
