package dev.systrument.model.files;

/**
 * What a traced program did to a path, as far as its syscalls tell. docs/files.md maps each
 * syscall family to these.
 */
public enum Access {
  /** Opened for reading ({@code O_RDONLY}, {@code O_RDWR}), a directory included. */
  READ("read"),
  /** Opened for writing ({@code O_WRONLY}, {@code O_RDWR}, {@code O_TRUNC}), or {@code truncate}d. */
  WRITTEN("written"),
  /**
   * Made to exist: {@code O_CREAT} (which may also open a file that existed: strace does not say,
   * unless {@code O_EXCL}), {@code mkdir}, {@code mknod}, {@code link}, {@code symlink}.
   */
  CREATED("created"),
  /** {@code unlink}, {@code unlinkat}, {@code rmdir}. */
  DELETED("deleted"),
  /** The old name of a {@code rename}. */
  RENAMED_FROM("renamed-from"),
  /** The new name of a {@code rename}. */
  RENAMED_TO("renamed-to"),
  /** A successful {@code execve}/{@code execveat}. */
  EXECUTED("executed"),
  /** Looked at without being opened: {@code stat}, {@code access}, {@code readlink}, {@code statx}. */
  STATED("stat"),
  /** Looked up and not there: any path call failing with {@code ENOENT} or {@code ENOTDIR}. */
  MISSING("missing");

  private final String label;

  Access(String label) {
    this.label = label;
  }

  /** The word outputs use: {@code read}, {@code renamed-to}, {@code missing}. */
  public String label() {
    return label;
  }

  /** True for the accesses that change what is at the path (written, created, deleted, renamed). */
  public boolean modifies() {
    return this == WRITTEN || this == CREATED || this == DELETED || this == RENAMED_FROM || this == RENAMED_TO;
  }

  /** True for the accesses that take the content as input (read, executed). */
  public boolean consumes() {
    return this == READ || this == EXECUTED;
  }
}
