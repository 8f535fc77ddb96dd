package dev.systrument.model.process;

import java.util.HashMap;
import java.util.Map;

/**
 * Which program each process runs right now, for listeners that attribute events to programs: the
 * image of its last exec, or, before it has exec'd, its parent's (a forked {@code sh} runs {@code
 * sh} until it execs {@code gcc}). Feed it the tracker's {@link #processStarted}, {@link
 * #parentFound} and {@link #exec} calls from the owning listener. Ended processes are kept (a
 * child's spawn may be printed after its parent's end): one interned name per process.
 */
public final class ProgramNames {
  /** What {@link #of} answers for a process whose program is not known (a root that never exec'd). */
  public static final String UNKNOWN = "?";

  private final Map<Long, String> byProcess = new HashMap<>();

  public void processStarted(Task leader, Spawn spawn) {
    if (spawn != null) {
      byProcess.put(leader.processKey(), byProcess.getOrDefault(spawn.parentProcessKey(), UNKNOWN));
    }
  }

  public void parentFound(Task child, Spawn spawn) {
    if (child.isLeader() && !byProcess.containsKey(child.processKey())) {
      String parent = byProcess.get(spawn.parentProcessKey());
      if (parent != null) {
        byProcess.put(child.processKey(), parent);
      }
    }
  }

  public void exec(Task leader, ExecImage image) {
    byProcess.put(leader.processKey(), image.executableName().intern());
  }

  /** The program {@code task}'s process runs, or {@link #UNKNOWN}. */
  public String of(Task task) {
    return task == null ? UNKNOWN : byProcess.getOrDefault(task.processKey(), UNKNOWN);
  }
}
