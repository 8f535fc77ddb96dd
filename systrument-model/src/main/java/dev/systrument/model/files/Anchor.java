package dev.systrument.model.files;

/**
 * A directory whose absolute path is not known yet: the initial working directory of a root
 * process (the log starts inside it), or of a child whose spawn was printed after its first lines.
 * Compared by identity: two roots have two anchors even if they turn out to be the same directory.
 */
final class Anchor {
  private String absolute;
  /** Where this directory is, when it is known relative to another one (a late-found parent's cwd). */
  private Location base;

  /** The absolute path, once revealed (directly, or through {@link #base}); else null. */
  String absolutePath() {
    if (absolute != null) {
      return absolute;
    }
    return base != null ? base.absolutePath() : null;
  }

  boolean isKnown() {
    return absolutePath() != null;
  }

  void reveal(String absolutePath) {
    if (!isKnown()) {
      absolute = Location.normalize(absolutePath);
    }
  }

  void placeAt(Location location) {
    if (!isKnown() && location.anchor() != this) {
      base = location;
    }
  }
}
