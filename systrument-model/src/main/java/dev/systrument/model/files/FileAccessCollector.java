package dev.systrument.model.files;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.ProcessTree;
import dev.systrument.model.process.ProgramNames;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects every path the traced programs touched, as a {@link ProcessListener} fed by the
 * {@link dev.systrument.model.process.ProcessTracker}. Relative paths are resolved per process:
 * its working directory follows {@code chdir}/{@code fchdir} and is inherited over {@code fork}
 * (shared with {@code CLONE_FS}), and directory file descriptors of the {@code *at} calls are
 * looked up in a file descriptor table per process ({@code open}, {@code dup}, {@code close};
 * copied over {@code fork}, shared with {@code CLONE_FILES}). What {@code -y}/{@code -yy} print
 * ({@code openat(AT_FDCWD</src>, "a.c", ...)}, {@code 3</src/a.c>}) is used where present.
 *
 * <p>The initial working directory of the traced command is not in the log: give it to the
 * constructor when known (a recorder knows it); otherwise it is learnt from the first {@code
 * AT_FDCWD</dir>} annotation or {@code getcwd} result, and paths relative to it stay relative if
 * it never shows (docs/files.md).
 */
public final class FileAccessCollector implements ProcessListener {
  private final Path initialDirectory;
  private final ProgramNames programs = new ProgramNames();
  private final Map<Long, TaskFiles> byTask = new HashMap<>();
  private final Map<Long, TaskFiles> byProcess = new HashMap<>();
  private final Map<Location, Entry> entries = new LinkedHashMap<>();
  private final FileSyscalls syscalls = new FileSyscalls(this);
  private long unresolvedRelative;
  private FileAccesses result;

  /** A collector for a log whose initial working directory is not known. */
  public FileAccessCollector() {
    this(null);
  }

  /** @param initialDirectory the working directory the traced command started in, or null */
  public FileAccessCollector(Path initialDirectory) {
    this.initialDirectory = initialDirectory == null ? null : initialDirectory.toAbsolutePath().normalize();
  }

  /** What was collected: after {@link #finished}, or so far. */
  public FileAccesses accesses() {
    return result != null ? result : build();
  }

  @Override
  public void processStarted(Task leader, Spawn spawn, long timestampNs) {
    programs.processStarted(leader, spawn);
    TaskFiles files = spawned(spawn);
    byTask.put(leader.taskKey(), files);
    byProcess.put(leader.processKey(), files);
  }

  @Override
  public void threadStarted(Task thread, Spawn spawn, long timestampNs) {
    TaskFiles files = spawn != null ? spawned(spawn) : byProcess.get(thread.processKey());
    byTask.put(thread.taskKey(), files != null ? files : newRoot());
  }

  @Override
  public void parentFound(Task child, Spawn spawn) {
    programs.parentFound(child, spawn);
    TaskFiles files = byTask.get(child.taskKey());
    TaskFiles caller = byTask.get(spawn.caller().taskKey());
    if (files != null && caller != null) {
      // The child started in a copy of the caller's directory; if it has not learnt its own since,
      // what it resolved against its unknown start is now relative to the caller's.
      Location cwd = files.cwd.location;
      if (cwd.anchor() != null && cwd.path().isEmpty()) {
        cwd.anchor().placeAt(caller.cwd.location);
      }
    }
  }

  @Override
  public void exec(Task leader, ExecImage image) {
    programs.exec(leader, image);
  }

  @Override
  public void event(Task task, TraceEvent event) {
    if (task != null && event instanceof SyscallEvent call) {
      syscalls.apply(task, call);
    }
  }

  @Override
  public void finished(ProcessTree tree) {
    result = build();
  }

  // Called by FileSyscalls.

  TaskFiles files(Task task) {
    TaskFiles files = byTask.get(task.taskKey());
    if (files == null) {
      files = byProcess.get(task.processKey());
      if (files == null) {
        files = newRoot();
        byProcess.put(task.processKey(), files);
      }
      byTask.put(task.taskKey(), files);
    }
    return files;
  }

  void record(Task task, Location location, Access access, long timestampNs) {
    Entry e = entries.computeIfAbsent(location, l -> new Entry());
    e.add(access, programs.of(task), task.pid(), timestampNs);
  }

  /**
   * Whether the trace has shown {@code location} to exist right now: its last access was a
   * successful one, not a miss, a delete or a rename away.
   */
  boolean knownToExist(Location location) {
    Entry e = entries.get(location);
    return e != null && e.exists;
  }

  void unresolved() {
    unresolvedRelative++;
  }

  private TaskFiles spawned(Spawn spawn) {
    if (spawn == null) {
      return newRoot();
    }
    TaskFiles caller = byTask.get(spawn.caller().taskKey());
    if (caller == null) {
      return newRoot();
    }
    return caller.child(spawn.sharesWorkingDirectory(), spawn.sharesFileTable());
  }

  private TaskFiles newRoot() {
    return TaskFiles.root(initialDirectory != null ? Location.absolute(initialDirectory.toString()) : new Location(new Anchor(), ""));
  }

  /** Entries by final path: two locations that turned out to be the same path are merged. */
  private FileAccesses build() {
    Map<Path, Entry> merged = new TreeMap<>();
    for (Map.Entry<Location, Entry> e : entries.entrySet()) {
      merged.merge(e.getKey().toPath(), e.getValue().copy(), Entry::mergedWith);
    }
    List<PathAccess> paths = new ArrayList<>(merged.size());
    merged.forEach((path, e) -> paths.add(e.toAccess(path)));
    return new FileAccesses(paths, unresolvedRelative);
  }

  /** The accesses to one location so far. */
  private static final class Entry {
    final EnumSet<Access> accesses = EnumSet.noneOf(Access.class);
    final TreeSet<String> programs = new TreeSet<>();
    final TreeSet<Integer> pids = new TreeSet<>();
    long firstNs = Long.MAX_VALUE;
    long lastNs = Long.MIN_VALUE;
    /** What the last access says of the path: there, or gone (missing, deleted, renamed away). */
    boolean exists;

    void add(Access access, String program, int pid, long timestampNs) {
      accesses.add(access);
      exists = access != Access.MISSING && access != Access.DELETED && access != Access.RENAMED_FROM;
      programs.add(program);
      pids.add(pid);
      firstNs = Math.min(firstNs, timestampNs);
      lastNs = Math.max(lastNs, timestampNs);
    }

    Entry copy() {
      Entry c = new Entry();
      return c.mergedWith(this);
    }

    Entry mergedWith(Entry o) {
      accesses.addAll(o.accesses);
      programs.addAll(o.programs);
      pids.addAll(o.pids);
      firstNs = Math.min(firstNs, o.firstNs);
      lastNs = Math.max(lastNs, o.lastNs);
      return this;
    }

    PathAccess toAccess(Path path) {
      return new PathAccess(path, accesses, List.copyOf(programs), List.copyOf(pids), firstNs, lastNs);
    }
  }
}
