package dev.systrument.model.files;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the traced programs did to one path.
 *
 * @param path absolute and lexically normalised ({@code a/../b} is {@code b}; symlinks are not
 *     followed), or relative when the directory it is relative to never became known (see {@link
 *     FileAccesses#unresolvedRelative()})
 * @param accesses what was done to it
 * @param programs the programs that did it (exec names, sorted)
 * @param pids the processes that did it (sorted)
 * @param firstNs the first access's timestamp
 * @param lastNs the last access's timestamp
 */
public record PathAccess(Path path, Set<Access> accesses, List<String> programs, List<Integer> pids, long firstNs, long lastNs) {
  public PathAccess {
    // In declaration order (read before written ...), so outputs list them the same way every time.
    accesses = Collections.unmodifiableSet(accesses.isEmpty() ? EnumSet.noneOf(Access.class) : EnumSet.copyOf(accesses));
    programs = List.copyOf(programs);
    pids = List.copyOf(pids);
  }

  public boolean has(Access access) {
    return accesses.contains(access);
  }

  /** Written, created, deleted or renamed. */
  public boolean modified() {
    return accesses.stream().anyMatch(Access::modifies);
  }

  /** Read or executed. */
  public boolean consumed() {
    return accesses.stream().anyMatch(Access::consumes);
  }

  /** Whether the path is {@code directory} or below it ({@code /a/b} is under {@code /a}, not under {@code /a/b2}). */
  public boolean isUnder(Path directory) {
    return path.startsWith(directory.normalize());
  }
}
