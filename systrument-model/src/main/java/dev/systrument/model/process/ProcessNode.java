package dev.systrument.model.process;

import dev.systrument.model.TraceEvent;
import java.util.List;

/**
 * One process identity in the snapshot.
 *
 * @param processKey stable id, distinct from the pid (pid reuse gives a new key)
 * @param pid the process id
 * @param parentKey parent's processKey, or 0 for a root
 * @param parentPid parent's pid, or 0 for a root
 * @param threads non-leader threads, in order of first appearance
 * @param execs successful execs in order (the exec chain); empty when the process never exec'd
 *     (a forked subshell runs its parent's image)
 * @param failedExecs failed exec attempts in order
 * @param startNs start time: when its spawning call started, or when first seen if that was
 *     earlier or the spawn is unknown; {@link TraceEvent#NO_TIMESTAMP} when unknown
 * @param endNs end time of the last task; {@link TraceEvent#NO_TIMESTAMP} while still running
 * @param exit the leader's exit status (the process's), {@link ExitStatus#UNKNOWN} if not seen
 * @param comm the leader's command name as {@code -Y} printed it on its first line ({@code
 *     25704<python3>}), or "" (no {@code -Y}): the only name of a process attached with {@code -p}
 *     that never exec'd
 */
public record ProcessNode(
    long processKey,
    int pid,
    long parentKey,
    int parentPid,
    List<ThreadNode> threads,
    List<ExecImage> execs,
    List<ExecAttempt> failedExecs,
    long startNs,
    long endNs,
    ExitStatus exit,
    String comm) {

  public ProcessNode {
    threads = List.copyOf(threads);
    execs = List.copyOf(execs);
    failedExecs = List.copyOf(failedExecs);
  }

  /**
   * False when the log never tells the pid ({@link TraceEvent#UNKNOWN_PID}: a log without pid
   * prefixes whose task made no call that reveals it).
   */
  public boolean pidKnown() {
    return pid != TraceEvent.UNKNOWN_PID;
  }

  public boolean isRoot() {
    return parentKey == 0;
  }

  /**
   * The image the process ran at {@code timestampNs}: its last exec started by then, or null when
   * it had not exec'd yet (it ran what it inherited: {@link ProcessTree#inheritedImage}).
   */
  public ExecImage imageAt(long timestampNs) {
    ExecImage image = null;
    for (ExecImage e : execs) {
      if (e.timestampNs() > timestampNs) {
        break;
      }
      image = e;
    }
    return image;
  }

  /** Duration in ns, or -1 when start or end is unknown. */
  public long durationNs() {
    return startNs == TraceEvent.NO_TIMESTAMP || endNs == TraceEvent.NO_TIMESTAMP ? -1 : endNs - startNs;
  }
}
