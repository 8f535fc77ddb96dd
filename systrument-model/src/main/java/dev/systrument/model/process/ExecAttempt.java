package dev.systrument.model.process;

import dev.systrument.model.value.Value.Str;

/**
 * A failed {@code execve} (e.g. {@code ENOENT} while a shell or gcc searches PATH). Recorded, but
 * it does not change the process's image. Like {@link ExecImage}, it does not keep the execve
 * event (gcc alone tries several paths per compiler pass; each event holds the full argv and env).
 */
public record ExecAttempt(Str path, String errno, long timestampNs, int tid) {}
