package dev.systrument.model;

import dev.systrument.model.value.Value;
import dev.systrument.model.value.Value.Str;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What exporters hide of what an exec carries: the one policy every output uses (Perfetto, OpenTelemetry,
 * {@code tree}, problem reports), so that a secret that is hidden in one is hidden in all. The rules
 * are docs/redaction.md:
 *
 * <ul>
 *   <li>environment values of secret-looking names ({@code GITHUB_TOKEN=<redacted>}), per
 *       {@link #env()};
 *   <li>argv values of secret-looking options ({@code --password=<redacted>}, {@code --token
 *       <redacted>}, {@code curl -u me:<redacted>}), HTTP headers ({@code Authorization: Bearer
 *       <redacted>}) and assignments ({@code DB_PASSWORD=<redacted> make}), also inside a command
 *       line ({@code sh -c 'tool --password=<redacted>'});
 *   <li>URL passwords anywhere in argv and environment values ({@code
 *       postgres://me:<redacted>@db/app}).
 * </ul>
 *
 * Redaction applies to exec calls, exec images and text lines only, never to the arguments of other
 * syscalls, so it costs nothing per syscall.
 *
 * @param env whether and how exec environments are exported ({@code --env})
 * @param enabled false turns every rule off ({@code --no-redact}): argv and URLs are shown as
 *     recorded, and environments (when exported) as with {@link Env#ALL}
 */
public record Redaction(Env env, boolean enabled) {
  /** What a hidden value is replaced by. */
  public static final String REDACTED = "<redacted>";

  /** Environments exported with secret values hidden, argv redacted: the Perfetto default. */
  public static final Redaction DEFAULT = new Redaction(Env.REDACTED, true);

  /** Everything as recorded ({@code --no-redact}). */
  public static final Redaction OFF = new Redaction(Env.ALL, false);

  /** What to do with exec environments ({@code --env=redacted|none|all}). */
  public enum Env {
    /** Export every variable, values of secret-looking names replaced by {@link #REDACTED}. */
    REDACTED,
    /** Export no environment at all. */
    NONE,
    /** Export environments as recorded (argv is still redacted unless {@link #enabled()} is false). */
    ALL;

    /** Parses {@code redacted|none|all} as given to {@code --env=}. */
    public static Env parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "redacted" -> REDACTED;
        case "none" -> NONE;
        case "all" -> ALL;
        default -> throw new IllegalArgumentException("--env takes redacted, none or all, not '" + text + "'");
      };
    }
  }

  public Redaction {
    Objects.requireNonNull(env, "env");
  }

  public Redaction withEnv(Env value) {
    return new Redaction(value, enabled);
  }

  /** {@code false}: {@code --no-redact}. */
  public Redaction withEnabled(boolean value) {
    return new Redaction(env, value);
  }

  /** Whether exec environments are exported at all. */
  public boolean exportsEnv() {
    return env != Env.NONE;
  }

  /**
   * True when an environment variable of this name has its value hidden: its name contains
   * TOKEN, SECRET, PASS, PWD, KEY, CREDENTIAL, AUTH, COOKIE or SESSION (case-insensitively), is
   * not PWD or OLDPWD, and does not end in FILE, PATH or DIR ({@code POSTGRES_PASSWORD_FILE} names
   * where the secret is).
   */
  public static boolean looksSecret(String envName) {
    return SecretPatterns.isSecretEnvName(envName);
  }

  /**
   * The value to export for the variable {@code name=value}, or null when environments are not
   * exported. Under {@link Env#REDACTED}, {@link #REDACTED} for a secret-looking name, else the
   * value with what the argv rules find in it hidden ({@code DATABASE_URL=postgres://u:<redacted>@h/db}).
   */
  public String envValue(String name, String value) {
    if (env == Env.NONE) {
      return null;
    }
    if (!hidesEnv()) {
      return value;
    }
    if (looksSecret(name)) {
      return REDACTED;
    }
    // A build's execs pass the same values again and again (PATH, HOME, ...): remembered, as in
    // SecretPatterns.envEntry, because reading each as a command line showed in profiles.
    return ENV_VALUES.get(value);
  }

  private static final BoundedMemo<String, String> ENV_VALUES = new BoundedMemo<>(4096, Redaction::envValueShown);

  private static String envValueShown(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    byte[] redacted = SecretPatterns.value(bytes, false);
    return redacted == bytes ? value : new String(redacted, StandardCharsets.UTF_8);
  }

  /** {@code argv} with secret values hidden (the same list when there is nothing to hide). */
  public List<Str> argv(List<Str> argv) {
    return enabled ? SecretPatterns.argv(argv) : argv;
  }

  /** {@link #argv} as text ({@link Str#text()}: invalid UTF-8 as {@code \xHH}, a cut string ends in {@code ...}). */
  public List<String> argvText(List<Str> argv) {
    List<Str> shown = argv(argv);
    List<String> texts = new ArrayList<>(shown.size());
    for (Str s : shown) {
      texts.add(s.text());
    }
    return texts;
  }

  /**
   * Free text that may show an exec's argv or environment the way strace prints it: a line a
   * problem report quotes, an exec call whose arguments did not decode. Best effort (the text's
   * structure is guessed): each quoted string is taken as an argv element, and the whole as a
   * command line.
   */
  public String text(String text) {
    return enabled ? SecretPatterns.text(text) : text;
  }

  /**
   * Index of the argv argument of an exec syscall ({@code execve}: 1, {@code execveat}: 2; the
   * environment follows it), or -1 for every other syscall. Cheap: exporters ask it per syscall.
   */
  public static int execArgvIndex(String syscall) {
    return ExecCallText.argvIndex(syscall);
  }

  /**
   * {@code call} with its argv and environment arguments hidden under this policy, in its decoded
   * values and its text: what exporters show of an exec call (its strace line through {@link
   * EventText#render(TraceEvent, Redaction)}, its arguments one by one); {@code call} itself when
   * it is no exec call or there is nothing to hide.
   */
  public SyscallEvent call(SyscallEvent call) {
    return ExecCallText.redacted(call, this);
  }

  /** Whether environment values of secret-looking names are hidden. */
  boolean hidesEnv() {
    return enabled && env == Env.REDACTED;
  }

  /** One environment entry {@code NAME=value} under this policy (environments are exported). */
  Str envEntry(Str entry) {
    return hidesEnv() ? SecretPatterns.envEntry(entry) : entry;
  }
}
