package dev.systrument.model.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every path the traced programs touched, with what was done to it, sorted by path. Built by
 * {@link FileAccessCollector}. The queries read as a test harness asks them:
 *
 * <pre>{@code
 * files.writtenUnder(outDir)        // which files did the build write under out/?
 * files.missing()                   // which paths were looked up and not there?
 * files.readBy("cc1")               // what did the compiler read?
 * }</pre>
 *
 * @param paths one entry per path, sorted by {@link Path#compareTo}
 * @param unresolvedRelative calls whose path was relative to a directory file descriptor whose
 *     path never became known (no {@code -y}, opened before strace attached, passed over a
 *     socket): counted, not listed
 */
public record FileAccesses(List<PathAccess> paths, long unresolvedRelative) {
  public FileAccesses {
    // sorted here, whoever built the list: get() searches it (a sorted list costs one pass)
    paths = paths.stream().sorted(java.util.Comparator.comparing(PathAccess::path)).toList();
  }

  /** The entry of {@code path}, or null when it was not touched. */
  public PathAccess get(Path path) {
    Path p = path.normalize();
    int low = 0;
    int high = paths.size() - 1;
    while (low <= high) { // sorted by path: a binary search, a harness may ask for every path it knows
      int mid = (low + high) >>> 1;
      int c = paths.get(mid).path().compareTo(p);
      if (c == 0) {
        return paths.get(mid);
      }
      if (c < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return null;
  }

  /** The entries that match {@code filter}, in path order. */
  public FileAccesses filter(Predicate<PathAccess> filter) {
    return new FileAccesses(paths.stream().filter(filter).toList(), unresolvedRelative);
  }

  /** Entries at or below {@code directory}. */
  public FileAccesses under(Path directory) {
    return filter(a -> a.isUnder(directory));
  }

  /** Entries one of whose accesses was made by {@code program} (an exec name such as {@code gcc}). */
  public FileAccesses by(String program) {
    return filter(a -> a.programs().contains(program));
  }

  /** Just the paths. */
  public List<Path> list() {
    return paths.stream().map(PathAccess::path).toList();
  }

  /** Paths written, created, deleted or renamed (see {@link Access#modifies()}). */
  public List<Path> written() {
    return filter(PathAccess::modified).list();
  }

  /** {@link #written()} at or below {@code directory}: "which files did it write under out/?". */
  public List<Path> writtenUnder(Path directory) {
    return under(directory).written();
  }

  /** Paths read or executed. */
  public List<Path> read() {
    return filter(PathAccess::consumed).list();
  }

  /** Paths looked up and not found ({@code ENOENT}/{@code ENOTDIR}), whether or not they appeared later. */
  public List<Path> missing() {
    return filter(a -> a.has(Access.MISSING)).list();
  }

  /** Paths read or executed by {@code program}. */
  public List<Path> readBy(String program) {
    return by(program).read();
  }

  /** Paths that had {@code access}. */
  public List<Path> with(Access access) {
    return filter(a -> a.has(access)).list();
  }

  /** How many paths had each access. */
  public Map<Access, Long> counts() {
    return paths.stream()
        .flatMap(a -> a.accesses().stream())
        .collect(Collectors.groupingBy(a -> a, () -> new java.util.EnumMap<>(Access.class), Collectors.counting()));
  }
}
