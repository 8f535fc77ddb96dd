package dev.systrument.model.process;

/**
 * Identity of one task (thread or thread-group leader) as the tracker resolved it.
 *
 * @param taskKey stable id of this task, distinct from the tid (a reused tid gets a new key); keys
 *     start at 1 in order of first appearance
 * @param processKey stable id of the process (thread group) the task belongs to
 * @param pid the thread group id (the process's pid)
 * @param tid the task id (equals {@code pid} for the leader)
 */
public record Task(long taskKey, long processKey, int pid, int tid) {
  public boolean isLeader() {
    return pid == tid;
  }
}
