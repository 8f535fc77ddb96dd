package dev.systrument.model;

import java.util.List;
import java.util.Locale;

/**
 * What to do with environment variables when exporting: the one place that decides which names
 * look secret, shared by every exporter so Perfetto and OpenTelemetry redact alike.
 */
public enum EnvRedaction {
  /** Export every variable, values of secret-looking names replaced by {@link #REDACTED}. */
  REDACTED,
  /** Export no environment at all. */
  NONE,
  /** Export everything as recorded (the user opted out with {@code --env=all}). */
  ALL;

  public static final String REDACTED_VALUE = "<redacted>";

  /**
   * Name fragments that mark a variable as secret, matched case-insensitively anywhere in the
   * name: {@code GITHUB_TOKEN}, {@code AWS_SECRET_ACCESS_KEY}, {@code PGPASSWORD}, {@code
   * SSH_AUTH_SOCK} all match.
   */
  public static final List<String> SECRET_NAME_FRAGMENTS =
      List.of("TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH", "COOKIE", "SESSION");

  /** True when a variable of this name would have its value redacted. */
  public static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (String fragment : SECRET_NAME_FRAGMENTS) {
      if (upper.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value to export for {@code name=value} under this policy, or null when the variable is
   * not exported at all ({@link #NONE}).
   */
  public String exportedValue(String name, String value) {
    return switch (this) {
      case NONE -> null;
      case ALL -> value;
      case REDACTED -> looksSecret(name) ? REDACTED_VALUE : value;
    };
  }

  /** Parses {@code redacted|none|all} as given to {@code --env=}. */
  public static EnvRedaction parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "redacted" -> REDACTED;
      case "none" -> NONE;
      case "all" -> ALL;
      default -> throw new IllegalArgumentException("--env takes redacted, none or all, not '" + text + "'");
    };
  }
}
