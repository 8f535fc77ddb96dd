package dev.systrument.model.process;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.value.Value.Str;

/**
 * A failed {@code execve} (e.g. {@code ENOENT} while a shell or gcc searches PATH). Recorded, but
 * it does not change the process's image.
 */
public record ExecAttempt(Str path, String errno, long timestampNs, int tid, SyscallEvent call) {}
