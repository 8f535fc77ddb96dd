package dev.systrument.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's cache directory, where systrument keeps what it may lose: class data archives, and
 * record's outputs while the traced command runs.
 */
final class UserCache {
  private UserCache() {}

  /** {@code $XDG_CACHE_HOME}, else {@code ~/.cache}; null without a home directory. */
  static Path directory(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg);
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return home == null || home.isEmpty() ? null : Path.of(home, ".cache");
  }
}
