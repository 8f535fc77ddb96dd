package dev.systrument.model.files;

import java.nio.file.Path;

/**
 * A path as far as it is known while reading: absolute ({@code anchor} null), or relative to a
 * directory whose absolute path may only become known later (a root process's initial working
 * directory, revealed by a {@code -y} annotation, a {@code getcwd} or never).
 *
 * @param anchor the directory {@code path} is relative to, or null when {@code path} is absolute
 * @param path normalised; "" for the anchor itself
 */
record Location(Anchor anchor, String path) {

  static Location absolute(String path) {
    return new Location(null, normalize(path));
  }

  /** {@code name} looked up from this directory: itself when absolute. */
  Location resolve(String name) {
    if (name.startsWith("/")) {
      return absolute(name);
    }
    if (path.isEmpty()) {
      return new Location(anchor, normalize(name));
    }
    return new Location(anchor, normalize(path + "/" + name));
  }

  boolean isAbsolute() {
    return anchor == null;
  }

  /** The absolute path if it is known by now, else null. */
  String absolutePath() {
    if (anchor == null) {
      return path;
    }
    String base = anchor.absolutePath();
    if (base == null) {
      return null;
    }
    return path.isEmpty() ? base : normalize(base + "/" + path);
  }

  /** What to report: the absolute path when known, else the relative one. */
  Path toPath() {
    String absolute = absolutePath();
    return Path.of(absolute != null ? absolute : path.isEmpty() ? "." : path);
  }

  /**
   * Lexical normalisation ({@code .} and {@code ..} removed, {@code //} collapsed): symlinks are
   * not followed, as the kernel would, since the trace does not say where they point.
   */
  static String normalize(String path) {
    return Path.of(path).normalize().toString();
  }
}
