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
public record Spawn(Task caller, long parentProcessKey, int parentPid, SyscallEvent call) {}
