package dev.systrument.model.files;

import java.util.HashMap;
import java.util.Map;

/**
 * What a task resolves paths against: its working directory and its file descriptor table, each
 * an object of its own because tasks share them ({@code CLONE_FS}, {@code CLONE_FILES}: every
 * thread) or get copies ({@code fork}).
 */
final class TaskFiles {
  /** A working directory; one instance per set of tasks sharing it. */
  static final class Directory {
    Location location;

    Directory(Location location) {
      this.location = location;
    }
  }

  final Directory cwd;
  final Map<Integer, Location> fds;

  TaskFiles(Directory cwd, Map<Integer, Location> fds) {
    this.cwd = cwd;
    this.fds = fds;
  }

  static TaskFiles root(Location cwd) {
    return new TaskFiles(new Directory(cwd), new HashMap<>());
  }

  /** The state a task spawned by this one starts with. */
  TaskFiles child(boolean sharesDirectory, boolean sharesFds) {
    return new TaskFiles(sharesDirectory ? cwd : new Directory(cwd.location), sharesFds ? fds : new HashMap<>(fds));
  }
}
