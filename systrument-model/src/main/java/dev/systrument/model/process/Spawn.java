package dev.systrument.model.process;

import dev.systrument.model.SyscallEvent;

/**
 * How a task came to be: the {@code fork}/{@code vfork}/{@code clone}/{@code clone3} call that
 * returned its id.
 *
 * @param caller the task that made the call
 * @param parentProcessKey the new process's parent process (the caller's process, or the caller's
 *     parent with {@code CLONE_PARENT}); for a thread, the thread group it joined
 * @param parentPid pid of that parent process
 * @param call the spawning syscall
 */
public record Spawn(Task caller, long parentProcessKey, int parentPid, SyscallEvent call) {

  /**
   * Whether the new task shares its caller's file descriptor table ({@code CLONE_FILES}, which
   * every thread has); otherwise it starts with a copy. False for {@code fork}/{@code vfork}.
   */
  public boolean sharesFileTable() {
    return (SpawnFlags.of(call) & SpawnFlags.FILES) != 0;
  }

  /**
   * Whether the new task shares its caller's working directory ({@code CLONE_FS}): a {@code chdir}
   * by either is then seen by both. Otherwise it starts in a copy of the caller's.
   */
  public boolean sharesWorkingDirectory() {
    return (SpawnFlags.of(call) & SpawnFlags.FS) != 0;
  }
}
