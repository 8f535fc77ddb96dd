package dev.systrument.model;

import dev.systrument.model.value.Value.Str;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules that find secrets in what an exec carries: which names look secret, and where a
 * secret value sits in an argv element, an environment value or a command line inside one
 * ({@code sh -c 'curl -u me:PASS https://host'}). docs/redaction.md explains every rule with
 * examples; {@code RedactionDocTest} checks that each list here is spelled out there.
 *
 * <p>The rules work on bytes, like strace's strings, and only find ranges; {@link #apply} replaces
 * them with {@link Redaction#REDACTED}. Only exec calls, exec images and lines shown as text come
 * here, never the arguments of other syscalls (millions per build log).
 *
 * <p>Trade-off: a value that is not secret but looks so is hidden (harmless: the trace loses a
 * value), while an ordinary argument must not be mangled. So option names are matched by their
 * last word ({@code --db-password}, not {@code --password-file} nor {@code --author}), words that
 * often mean something else as options ({@code sort --key 2}, {@code ffmpeg -pass 1}) count only
 * with {@code =} inside assignments, and single-letter options only for the programs whose meaning
 * is known ({@code curl -u}, {@code sshpass -p}).
 */
final class SecretPatterns {
  private SecretPatterns() {}

  static final byte[] MARK = Redaction.REDACTED.getBytes(StandardCharsets.US_ASCII);

  /**
   * Environment variable names: a name is secret when one of its words ({@link #words}: split at
   * {@code _}, other punctuation and camelCase) is one of these ({@code GITHUB_TOKEN}, {@code
   * AWS_SECRET_ACCESS_KEY}, {@code DB_PASS}, {@code MYSQL_PWD}, {@code SSH_AUTH_SOCK}, {@code
   * npm_config__authToken}). Whole words, not substrings: {@code GIT_AUTHOR_DATE} (AUTHOR is not
   * AUTH), {@code KEYBOARD}, {@code MONKEY} and {@code OAUTH_CLIENT_ID} are no secrets, and hiding
   * them cost every git workload its argv. Still broad on purpose within words: a wrongly hidden
   * variable costs little.
   */
  static final List<String> ENV_NAME_WORDS = List.of(
      "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "PASS", "PWD", "PW", "KEY", "APIKEY",
      "CREDENTIAL", "CREDENTIALS", "AUTH", "COOKIE", "SESSION");

  /**
   * Word endings that are secret even glued to another word, as env names often are ({@code
   * PGPASSWORD}, {@code GITHUBTOKEN}, {@code CLIENTSECRET}, {@code MYAPIKEY}): long enough that no
   * ordinary word ends in them ({@code PASS} does not qualify: {@code BYPASS}, {@code COMPASS}).
   */
  static final List<String> ENV_NAME_WORD_ENDINGS = List.of("PASSWORD", "PASSWD", "TOKEN", "SECRET", "APIKEY");

  /** Variables that have a secret word but are no secret: the working directories. */
  static final List<String> ENV_NAMES_NOT_SECRET = List.of("PWD", "OLDPWD");

  /**
   * Environment name endings that say where a secret is kept, not what it is ({@code
   * POSTGRES_PASSWORD_FILE}, {@code SSL_KEYFILE}, {@code TOKEN_PATH}): their values are kept.
   * Options need no such list: their last word decides ({@code --password-file}).
   */
  static final List<String> REFERENCE_SUFFIXES = List.of("FILE", "PATH", "DIR");

  /**
   * Last words of names whose value is a secret, in assignments ({@code GITHUB_TOKEN=x} inside a
   * command, {@code -Dsigning.password=x}, {@code ?access_token=x}) and, except the ambiguous ones,
   * in options ({@code --token x}, {@code --client-secret=x}). Names are split into words at
   * {@code - _ .}, other punctuation and camelCase ({@code signingPassword}).
   */
  static final Set<String> SECRET_WORDS = Set.of(
      "password", "passwd", "passphrase", "pass", "pw", "pwd", "token", "secret", "key", "apikey", "auth",
      "authorization", "credential", "credentials", "cookie", "session", "bearer", "sig", "signature");

  /**
   * As the last word of an option, these often take an ordinary value ({@code sort --key 2},
   * {@code ffmpeg -pass 1}, {@code tmux --session name}, {@code gpg --signature file},
   * {@code make --jobserver-auth=3,4}): no secret by themselves, only in {@link #SECRET_OPTION_ENDINGS}.
   */
  static final Set<String> AMBIGUOUS_OPTION_WORDS = Set.of("key", "pass", "pwd", "session", "sig", "signature", "auth");

  /** Option name endings that are secret even though their last word is ambiguous. */
  static final List<List<String>> SECRET_OPTION_ENDINGS = List.of(
      List.of("api", "key"), List.of("secret", "key"), List.of("secret", "access", "key"),
      List.of("basic", "auth"), List.of("http", "auth"), List.of("proxy", "auth"));

  /** Whole option names that are secret: {@code --auth user:pass} (httpie), but not {@code --jobserver-auth}. */
  static final Set<String> SECRET_OPTION_NAMES = Set.of("auth");

  /**
   * First words of boolean flags that end in a secret word ({@code --ask-pass}, {@code
   * --no-password}, {@code --with-token}, {@code --prompt-password}): they take no value, so the
   * next argument is not theirs.
   */
  static final Set<String> FLAG_VERBS = Set.of(
      "no", "ask", "prompt", "show", "print", "with", "without", "use", "require", "disable", "enable", "skip",
      "allow", "save", "store", "forget");

  /**
   * Single-letter (and a few single-dash) options that carry a password for one program only: the
   * same letter means a port or a flag elsewhere ({@code psql -p 5432}, {@code mkdir -p}, {@code
   * sudo -u root}), so they count only after this program's name. Also with the value attached
   * ({@code -uuser:pass}, {@code -pPASS}).
   */
  static final Map<String, Map<String, ProgramOption>> PROGRAM_OPTIONS = programOptions();

  /**
   * Commands that run the next word as the program ({@code sudo curl -u ...}, {@code env A=1 curl
   * ...}); their own options and numbers ({@code timeout 10}) are skipped.
   */
  static final Set<String> WRAPPERS = Set.of("sudo", "doas", "env", "exec", "command", "nohup", "time", "nice", "xargs", "timeout");

  /**
   * Shells: the argument after their {@code -c} (or {@code -lc}, {@code -ec}, ...) is a command
   * line, read word by word ({@code sh -c 'GITHUB_TOKEN=x make all'} hides only {@code x}). Any
   * other argv element is one value to its end, as the program receives it ({@code
   * "--password=correct horse"} hides both words).
   */
  static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "busybox", "su");

  /**
   * HTTP authentication schemes, kept before the credential ({@code Authorization: Bearer <redacted>});
   * any other first word of a secret header's value is hidden with the rest.
   */
  static final Set<String> AUTH_SCHEMES = Set.of("basic", "bearer", "digest", "negotiate", "ntlm", "token", "bot");

  /**
   * Shell builtins whose {@code NAME=value} arguments set variables ({@code export PGPASSWORD=x}):
   * like assignments before a program ({@code PGPASSWORD=x psql}, {@code env PGPASSWORD=x psql}),
   * these are environment variables and follow the environment rule.
   */
  static final Set<String> VARIABLE_SETTERS = Set.of("export", "declare", "typeset", "local", "readonly");

  /** How much of a program option's value is secret. */
  enum ValueKind {
    /** All of it: {@code sshpass -p PASS}. */
    WHOLE,
    /** What follows the first colon: {@code curl -u user:PASS} (no colon: curl asks for it). */
    AFTER_COLON
  }

  /**
   * @param attachedOnly only {@code -pPASS} ({@code mysql -p db}: a bare {@code -p} prompts and the
   *     next word is the database)
   * @param afterWord the option counts only after this word ({@code docker login -p}, while {@code
   *     docker run -p 80:80} is a port), or null
   */
  record ProgramOption(ValueKind kind, boolean attachedOnly, String afterWord) {
    static final ProgramOption SECRET = new ProgramOption(ValueKind.WHOLE, false, null);
    static final ProgramOption USER_PASSWORD = new ProgramOption(ValueKind.AFTER_COLON, false, null);
    static final ProgramOption ATTACHED_SECRET = new ProgramOption(ValueKind.WHOLE, true, null);
    static final ProgramOption LOGIN_SECRET = new ProgramOption(ValueKind.WHOLE, false, "login");
  }

  private static Map<String, Map<String, ProgramOption>> programOptions() {
    Map<String, Map<String, ProgramOption>> m = new java.util.HashMap<>();
    ProgramOption up = ProgramOption.USER_PASSWORD;
    ProgramOption secret = ProgramOption.SECRET;
    m.put("curl", Map.of("-u", up, "--user", up, "-U", up, "--proxy-user", up));
    m.put("sshpass", Map.of("-p", secret));
    for (String mysql : List.of("mysql", "mysqldump", "mysqladmin", "mariadb", "mariadb-dump", "7z", "7za", "7zz")) {
      m.put(mysql, Map.of("-p", ProgramOption.ATTACHED_SECRET));
    }
    for (String engine : List.of("docker", "podman", "nerdctl")) {
      m.put(engine, Map.of("-p", ProgramOption.LOGIN_SECRET));
    }
    m.put("redis-cli", Map.of("-a", secret));
    for (String ldap : List.of("ldapsearch", "ldapadd", "ldapmodify", "ldapdelete", "ldapwhoami", "ldappasswd")) {
      m.put(ldap, Map.of("-w", secret));
    }
    m.put("zip", Map.of("-P", secret));
    m.put("unzip", Map.of("-P", secret));
    m.put("ssh-keygen", Map.of("-P", secret, "-N", secret));
    for (String java : List.of("keytool", "jarsigner")) {
      m.put(java, Map.of("-storepass", secret, "-keypass", secret, "-srcstorepass", secret, "-deststorepass", secret,
          "-srckeypass", secret, "-destkeypass", secret));
    }
    for (String mqtt : List.of("mosquitto_pub", "mosquitto_sub")) {
      m.put(mqtt, Map.of("-P", secret));
    }
    return Map.copyOf(m);
  }

  // ---------------------------------------------------------------- names

  /** The environment rule: {@link #ENV_NAME_WORDS} minus {@link #ENV_NAMES_NOT_SECRET} and {@link #REFERENCE_SUFFIXES}. */
  static boolean isSecretEnvName(String name) {
    return SECRET_ENV_NAMES.get(name); // the same few dozen names in every exec of a build
  }

  private static final BoundedMemo<String, Boolean> SECRET_ENV_NAMES =
      new BoundedMemo<>(4096, SecretPatterns::isSecretEnvNameUncached);

  private static boolean isSecretEnvNameUncached(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (ENV_NAMES_NOT_SECRET.contains(upper)) {
      return false;
    }
    for (String suffix : REFERENCE_SUFFIXES) {
      if (upper.endsWith(suffix)) {
        return false;
      }
    }
    for (String word : words(name)) {
      String w = word.toUpperCase(Locale.ROOT);
      if (ENV_NAME_WORDS.contains(w)) {
        return true;
      }
      for (String ending : ENV_NAME_WORD_ENDINGS) {
        if (w.endsWith(ending)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code NAME=value} inside a command line or a URL query: the last word of NAME is one of
   * {@link #SECRET_WORDS}, the first none of {@link #FLAG_VERBS} ({@code USE_KEY=1}).
   */
  static boolean isSecretAssignmentName(String name) {
    List<String> words = words(name);
    if (words.isEmpty() || words.size() == 1 && words.get(0).equals("pwd") || words.size() > 1 && FLAG_VERBS.contains(words.get(0))) {
      return false; // PWD=/tmp make: the working directory
    }
    return SECRET_WORDS.contains(words.get(words.size() - 1));
  }

  /** An option ({@code --client-secret}) or HTTP header ({@code X-Api-Key}) name whose value is secret. */
  static boolean isSecretOptionName(String name) {
    List<String> words = words(name);
    if (words.isEmpty() || words.size() > 1 && FLAG_VERBS.contains(words.get(0))) {
      return false;
    }
    String last = words.get(words.size() - 1);
    if (words.size() == 1 && SECRET_OPTION_NAMES.contains(last)) {
      return true;
    }
    if (SECRET_WORDS.contains(last) && !AMBIGUOUS_OPTION_WORDS.contains(last)) {
      return true;
    }
    for (List<String> ending : SECRET_OPTION_ENDINGS) {
      if (words.size() >= ending.size() && words.subList(words.size() - ending.size(), words.size()).equals(ending)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lower-case words of a name: split at anything but letters and digits, and where camelCase
   * starts a word ({@code signingPassword} → signing, password; {@code HTTPAuth} → http, auth).
   */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>(4);
    int start = -1;
    for (int i = 0; i <= name.length(); i++) {
      char c = i < name.length() ? name.charAt(i) : ' ';
      boolean alnum = c < 128 && Character.isLetterOrDigit(c);
      if (!alnum) {
        if (start >= 0) {
          words.add(name.substring(start, i).toLowerCase(Locale.ROOT));
          start = -1;
        }
        continue;
      }
      if (start < 0) {
        start = i;
      } else if (Character.isUpperCase(c)) {
        char prev = name.charAt(i - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (!Character.isUpperCase(prev) || nextLower) {
          words.add(name.substring(start, i).toLowerCase(Locale.ROOT));
          start = i;
        }
      }
    }
    return words;
  }

  // ---------------------------------------------------------------- entry points

  /** argv with secret values replaced; {@code argv} itself when nothing matched. */
  static List<Str> argv(List<Str> argv) {
    Command command = new Command();
    List<Str> out = null;
    for (int i = 0; i < argv.size(); i++) {
      Str s = argv.get(i);
      byte[] bytes = s.bytes();
      Ranges ranges = new Ranges();
      element(bytes, s.truncated(), command, ranges);
      if (ranges.size > 0) {
        if (out == null) {
          out = new ArrayList<>(argv.subList(0, i));
        }
        out.add(new Str(apply(bytes, ranges), s.truncated()));
      } else if (out != null) {
        out.add(s);
      }
    }
    return out == null ? argv : out;
  }

  /**
   * An environment entry {@code NAME=value}: the whole value for a secret-looking name, else what
   * the argv rules find in the value ({@code DATABASE_URL=postgres://u:PASS@h/db}, {@code
   * JAVA_TOOL_OPTIONS=-Dx.password=PASS}); {@code entry} itself when nothing matched.
   */
  static Str envEntry(Str entry) {
    // Every exec of a build passes nearly the same environment (PATH, HOME, LANG, ...), written
    // twice per exec (the execve slice and the exec phase): reading each value as a command line
    // again was a tenth of the Perfetto writer's time on a build log. The answer depends on the
    // entry alone, so it is remembered. The memo answers an unchanged entry with the equal Str it
    // first saw; callers tell "nothing hidden" by identity, so the entry itself is given back.
    Str shown = ENV_ENTRIES.get(entry);
    return shown == entry || shown.equals(entry) ? entry : shown;
  }

  private static final BoundedMemo<Str, Str> ENV_ENTRIES = new BoundedMemo<>(4096, SecretPatterns::envEntryUncached);

  private static Str envEntryUncached(Str entry) {
    byte[] bytes = entry.bytes();
    int eq = indexOf(bytes, 0, bytes.length, '=');
    if (eq < 0) {
      return entry; // strace prints what execve got; "FOO" without '=' is not a variable
    }
    if (isSecretEnvName(ascii(bytes, 0, eq))) {
      byte[] out = Arrays.copyOf(bytes, eq + 1 + MARK.length);
      System.arraycopy(MARK, 0, out, eq + 1, MARK.length);
      return new Str(out, entry.truncated());
    }
    byte[] value = Arrays.copyOfRange(bytes, eq + 1, bytes.length);
    byte[] redacted = value(value, entry.truncated());
    if (redacted == value) {
      return entry;
    }
    byte[] out = Arrays.copyOf(bytes, eq + 1 + redacted.length);
    System.arraycopy(redacted, 0, out, eq + 1, redacted.length);
    return new Str(out, entry.truncated());
  }

  /**
   * An environment value: read as a command line, since the programs that read such values split
   * them into words ({@code JAVA_TOOL_OPTIONS=-Dhttps.proxyPassword=x -Xmx1g} keeps {@code
   * -Xmx1g}); {@code value} itself when nothing matched.
   */
  static byte[] value(byte[] value, boolean truncated) {
    Ranges ranges = new Ranges();
    freeText(value, truncated, ranges, 0);
    return apply(value, ranges);
  }

  /**
   * Free text that may hold strace's quoted strings: a line a problem report shows, an exec call
   * whose arguments did not decode ({@code execve("/usr/bin/curl", ["curl", "-u", "me:PASS"], ...}).
   * Each quoted string is treated as one argv element, in order, the text between them as command
   * lines. Best effort: the text's syntax is not known.
   */
  static String text(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Ranges ranges = new Ranges();
    Command command = new Command();
    int unquoted = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] != '"') {
        continue;
      }
      if (i > unquoted) { // text between strings: a torn line of program output, say
        Ranges inner = new Ranges();
        freeText(Arrays.copyOfRange(bytes, unquoted, i), false, inner, 0);
        inner.shiftInto(ranges, unquoted);
      }
      if (i == bytes.length) {
        break;
      }
      int end = i + 1;
      while (end < bytes.length && bytes[end] != '"') {
        end += bytes[end] == '\\' ? 2 : 1;
      }
      end = Math.min(end, bytes.length);
      byte[] content = Arrays.copyOfRange(bytes, i + 1, end);
      boolean truncated = end + 3 < bytes.length && bytes[end + 1] == '.' && bytes[end + 2] == '.' && bytes[end + 3] == '.';
      Ranges inner = new Ranges();
      if (!(isShellAssignment(content) && variable(content, inner))) { // an execve's environment entry
        element(content, truncated || end == bytes.length, command, inner);
      }
      inner.shiftInto(ranges, i + 1);
      i = end;
      unquoted = end + 1;
    }
    return ranges.size == 0 ? text : new String(apply(bytes, ranges), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- rules

  /** One program's invocation while reading its words: what the rules need to know of earlier words. */
  private static final class Command {
    /** Basename of the program, once its word was seen. */
    String program;
    boolean commandPosition = true;
    boolean afterWrapper;
    /** Words seen so far that a {@link ProgramOption#afterWord()} may ask for (only "login"). */
    boolean sawLogin;
    /** The previous word was an option whose value is the next word. */
    ProgramOption pending;
    /** The previous word was a header name on its own ({@code Authorization:}): the next words are its value. */
    boolean headerValue;
    /** The previous word was a shell's {@code -c}: the next one is a command line. */
    boolean scriptNext;
  }

  /**
   * One argv element: a shell's command line after its {@code -c} ({@code sh -c 'tool
   * --password=x; make'}); else one word, its values running to its end, and, when it holds blanks,
   * also searched as a command line ({@code ssh host 'curl -u me:x ...'}).
   */
  private static void element(byte[] b, boolean truncated, Command command, Ranges out) {
    element(b, truncated, command, out, 0);
  }

  private static void element(byte[] b, boolean truncated, Command command, Ranges out, int depth) {
    if (command.scriptNext && command.pending == null && depth < MAX_NESTING) {
      command.scriptNext = false;
      command.headerValue = false;
      freeText(b, truncated, out, depth);
      return;
    }
    word(b, truncated, command, out);
    if (depth < MAX_NESTING && hasBlank(b, 0, b.length)) {
      freeText(b, truncated, out, depth + 1);
    }
  }

  private static void word(byte[] w, boolean truncated, Command command, Ranges out) {
    int n = w.length;
    boolean option = n >= 2 && w[0] == '-' && !isDigit(w[1]);
    ProgramOption pending = command.pending;
    command.pending = null;
    command.scriptNext = false;
    if (command.headerValue) {
      // Authorization: Bearer TOKEN as separate words: keep a scheme, the next word is the secret
      command.headerValue = false;
      if (AUTH_SCHEMES.contains(ascii(w, 0, n).toLowerCase(Locale.ROOT))) {
        command.pending = ProgramOption.SECRET;
      } else {
        out.add(0, n);
      }
      return;
    }
    if (pending != null && !option) {
      apply(pending.kind(), w, 0, n, out); // --token VALUE, curl -u USER:PASS
      return;
    }
    boolean variable = (command.commandPosition || command.program != null && VARIABLE_SETTERS.contains(command.program)) && isShellAssignment(w);
    if (command.commandPosition) {
      noteProgram(w, option, command);
    } else if (!option && command.program != null && equalsAscii(w, "login")) {
      command.sawLogin = true;
    }
    if (option) {
      option(w, command, out);
      command.scriptNext = command.program != null && SHELLS.contains(command.program) && isShellCommandOption(w);
    } else if (n > 1 && w[n - 1] == ':' && header(w, 0, n, out)) {
      command.headerValue = true;
    } else if (!(variable && variable(w, out))) {
      valueRules(w, 0, n, out);
    }
    urls(w, truncated, out);
    queryParameters(w, out);
  }

  /** {@code PGPASSWORD=x} setting an environment variable: hides the value when the name looks secret. */
  private static boolean variable(byte[] w, Ranges out) {
    int eq = indexOf(w, 0, w.length, '=');
    if (!isSecretEnvName(ascii(w, 0, eq))) {
      return false;
    }
    out.add(eq + 1, w.length);
    return true;
  }

  private static void noteProgram(byte[] w, boolean option, Command command) {
    if (isShellAssignment(w)) {
      return; // GITHUB_TOKEN=x make: still before the program
    }
    if (command.afterWrapper && (option || isDigit(w.length > 0 ? w[0] : 0))) {
      return; // sudo -E make, timeout 10 make
    }
    String base = basename(ascii(w, 0, w.length));
    if (WRAPPERS.contains(base)) {
      command.afterWrapper = true;
    } else {
      command.program = base;
      command.commandPosition = false;
    }
  }

  /** {@code -x}, {@code --name}, {@code --name=value}, {@code -Dname=value}, {@code -pPASS}. */
  private static void option(byte[] w, Command command, Ranges out) {
    int n = w.length;
    int dashes = w[1] == '-' ? 2 : 1;
    int eq = indexOf(w, 0, n, '=');
    int nameEnd = eq < 0 ? n : eq;
    Map<String, ProgramOption> table = command.program == null ? null : PROGRAM_OPTIONS.get(command.program);
    if (table != null) {
      ProgramOption known = table.get(ascii(w, 0, nameEnd));
      if (known != null && applies(known, command)) {
        if (eq >= 0) {
          apply(known.kind(), w, eq + 1, n, out);
        } else if (!known.attachedOnly()) {
          command.pending = known;
        }
        return;
      }
      if (dashes == 1 && n > 2) {
        ProgramOption attached = table.get(ascii(w, 0, 2));
        if (attached != null && applies(attached, command)) {
          apply(attached.kind(), w, 2, n, out); // -pPASS, -uuser:PASS
          return;
        }
      }
    }
    String name = ascii(w, dashes, nameEnd);
    boolean secret;
    if (dashes == 1 && eq > 2 && (name.charAt(0) == 'D' || name.charAt(0) == 'P')) {
      // -Dpassword=x, -PsigningPassword=x (JVM, Maven, Gradle properties): the property is named
      // like an option (-DKEY=1, -DHAVE_AUTH=1 and -DUSE_TOKEN=1 are C macros); -Password=x is one
      secret = isSecretOptionName(name.substring(1)) || words(name).size() == 1 && isSecretOptionName(name);
    } else {
      secret = isSecretOptionName(name);
    }
    if (secret) {
      if (eq >= 0) {
        out.add(eq + 1, n);
      } else {
        command.pending = ProgramOption.SECRET;
      }
    } else if (eq >= 0) {
      valueRules(w, eq + 1, n, out); // --header=Authorization: Bearer x, --build-arg=NPM_TOKEN=x
    }
  }

  private static boolean applies(ProgramOption option, Command command) {
    return option.afterWord() == null || command.sawLogin;
  }

  /**
   * Rules for a word or an option's value: an HTTP header, openssl's {@code pass:PASS}, an
   * assignment {@code NAME=value} (its value searched again when NAME is no secret: {@code
   * http.extraheader=AUTHORIZATION: basic x}).
   */
  private static void valueRules(byte[] w, int s, int e, Ranges out) {
    while (s < e) { // a loop, not recursion: a=b=c=... must not overflow the stack
      if (header(w, s, e, out)) {
        return;
      }
      if (startsWithAscii(w, s, e, "pass:")) {
        out.add(s + 5, e);
        return;
      }
      int eq = indexOf(w, s, e, '=');
      // a name with ? & # is a URL's query, for queryParameters: https://h/x?token=t&page=2
      if (eq <= s || hasBlank(w, s, eq) || indexOf(w, s, eq, '?') >= 0 || indexOf(w, s, eq, '&') >= 0 || indexOf(w, s, eq, '#') >= 0) {
        return;
      }
      if (isSecretAssignmentName(ascii(w, s, eq))) {
        out.add(eq + 1, e);
        return;
      }
      s = eq + 1;
    }
  }

  /**
   * {@code Authorization: Bearer TOKEN}, {@code X-Api-Key: KEY}, {@code Cookie: a=b}: a header
   * whose name passes {@link #isSecretOptionName}. A leading {@link #AUTH_SCHEMES} word is kept;
   * the rest of the word is the secret. True when {@code w} is such a header (also when nothing
   * follows the colon: {@code Authorization:} as a word of its own).
   */
  private static boolean header(byte[] w, int s, int e, Ranges out) {
    int i = s;
    while (i < e && (isAlnum(w[i]) || w[i] == '-' || w[i] == '_')) {
      i++;
    }
    if (i == s || i >= e || w[i] != ':' || !isLetter(w[s]) || !isSecretOptionName(ascii(w, s, i))) {
      return false;
    }
    int v = skipBlanks(w, i + 1, e);
    if (v >= e) {
      return true;
    }
    int t = v;
    while (t < e && isLetter(w[t])) {
      t++;
    }
    if (t > v && t < e && isBlank(w[t]) && AUTH_SCHEMES.contains(ascii(w, v, t).toLowerCase(Locale.ROOT))) {
      v = skipBlanks(w, t, e);
    }
    out.add(v, e);
    return true;
  }

  /**
   * {@code scheme://user:PASS@host}: the password of the URL's userinfo (the last {@code @} before
   * the path, so a raw {@code @} in the password is covered). A string strace cut before the
   * {@code @} ({@code "https://user:PAS"...}) loses everything after the colon: it may be the
   * password's start.
   */
  private static void urls(byte[] w, boolean truncated, Ranges out) {
    int n = w.length;
    for (int i = indexOf(w, 0, n, "://"); i >= 0; i = indexOf(w, i, n, "://")) {
      int a = i + 3;
      int end = a;
      while (end < n && !isAuthorityEnd(w[end])) {
        end++;
      }
      int at = lastIndexOf(w, a, end, '@');
      if (at >= 0) {
        int colon = indexOf(w, a, at, ':');
        if (colon >= 0) {
          out.add(colon + 1, at);
        }
      } else if (truncated && end == n) {
        int colon = indexOf(w, a, end, ':');
        if (colon >= 0) {
          out.add(colon + 1, end);
        }
      }
      i = end > a ? end : a;
    }
  }

  /** {@code ?access_token=X&...}, {@code &password=X}, {@code &sig=X}: query parameters named like secrets. */
  private static void queryParameters(byte[] w, Ranges out) {
    int n = w.length;
    for (int i = 0; i < n; i++) {
      if (w[i] != '?' && w[i] != '&') {
        continue;
      }
      int ns = i + 1;
      int ne = ns;
      while (ne < n && (isAlnum(w[ne]) || w[ne] == '_' || w[ne] == '-' || w[ne] == '.' || w[ne] == '[' || w[ne] == ']')) {
        ne++;
      }
      if (ne > ns && ne < n && w[ne] == '=' && isSecretAssignmentName(ascii(w, ns, ne))) {
        int ve = ne + 1;
        while (ve < n && w[ve] != '&' && w[ve] != '#' && w[ve] != '"' && w[ve] != '\'' && w[ve] != ';' && !isBlank(w[ve])) {
          ve++;
        }
        out.add(ne + 1, ve);
        i = ve - 1;
      }
    }
  }

  private static void apply(ValueKind kind, byte[] w, int s, int e, Ranges out) {
    if (kind == ValueKind.WHOLE) {
      out.add(s, e);
    } else {
      int colon = indexOf(w, s, e, ':');
      if (colon >= 0) {
        out.add(colon + 1, e);
      }
    }
  }

  // ---------------------------------------------------------------- command lines

  private static final int MAX_NESTING = 4;

  /**
   * A command line in an argv element or environment value: split into words the way a shell
   * does (blanks separate; {@code '...'} and {@code "..."} group; {@code ; | & ( ) `} and newlines
   * start a new command), each word through {@link #word}, a word with blanks again as a command
   * line ({@code sh -c "bash -c 'tool --token x'"}). Ranges found in a word's text are mapped back
   * to the bytes they came from, so quotes around a value stay.
   */
  private static void freeText(byte[] b, boolean truncated, Ranges out, int depth) {
    int n = b.length;
    Command command = new Command();
    byte[] content = new byte[n];
    int[] source = new int[n];
    int i = 0;
    while (i < n) {
      byte c = b[i];
      if (isCommandSeparator(c)) {
        command = new Command();
        i++;
        continue;
      }
      if (isBlank(c)) {
        i++;
        continue;
      }
      int len = 0;
      while (i < n && !isBlank(b[i]) && !isCommandSeparator(b[i])) {
        c = b[i];
        if (c == '\'') {
          int j = i + 1;
          for (; j < n && b[j] != '\''; j++) {
            content[len] = b[j];
            source[len++] = j;
          }
          i = j + 1;
        } else if (c == '"') {
          int j = i + 1;
          for (; j < n && b[j] != '"'; j++) {
            if (b[j] == '\\' && j + 1 < n && (b[j + 1] == '"' || b[j + 1] == '\\' || b[j + 1] == '$' || b[j + 1] == '`')) {
              j++;
            }
            content[len] = b[j];
            source[len++] = j;
          }
          i = j + 1;
        } else if (c == '\\' && i + 1 < n) {
          content[len] = b[i + 1];
          source[len++] = i + 1;
          i += 2;
        } else {
          content[len] = c;
          source[len++] = i;
          i++;
        }
      }
      i = Math.min(i, n);
      byte[] w = Arrays.copyOf(content, len);
      boolean wordTruncated = truncated && i >= n;
      Ranges found = new Ranges();
      element(w, wordTruncated, command, found, depth + 1);
      for (int r = 0; r < found.size; r++) {
        int s = found.starts[r];
        int e = found.ends[r];
        out.add(source[s], source[e - 1] + 1);
      }
    }
  }

  // ---------------------------------------------------------------- ranges

  /** Byte ranges [start, end) to replace; empty ranges are not kept (nothing to hide). */
  static final class Ranges {
    int[] starts = new int[4];
    int[] ends = new int[4];
    int size;

    void add(int start, int end) {
      if (end <= start) {
        return;
      }
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
      }
      starts[size] = start;
      ends[size++] = end;
    }

    void shiftInto(Ranges target, int offset) {
      for (int i = 0; i < size; i++) {
        target.add(starts[i] + offset, ends[i] + offset);
      }
    }
  }

  /** {@code bytes} with every range (merged where they overlap or touch) replaced by {@link #MARK}; {@code bytes} itself when there is none. */
  static byte[] apply(byte[] bytes, Ranges ranges) {
    if (ranges.size == 0) {
      return bytes;
    }
    Integer[] order = new Integer[ranges.size];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Integer.compare(ranges.starts[x], ranges.starts[y]));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length + MARK.length);
    int copied = 0;
    int k = 0;
    while (k < order.length) {
      int start = ranges.starts[order[k]];
      int end = ranges.ends[order[k]];
      k++;
      while (k < order.length && ranges.starts[order[k]] <= end) {
        end = Math.max(end, ranges.ends[order[k]]);
        k++;
      }
      start = Math.max(start, copied);
      out.write(bytes, copied, start - copied);
      out.write(MARK, 0, MARK.length);
      copied = Math.min(end, bytes.length);
    }
    out.write(bytes, copied, bytes.length - copied);
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- bytes

  /** Bytes as chars one to one (names are ASCII; other bytes simply never match). */
  private static String ascii(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }

  private static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code -c}, {@code -lc}, {@code -ec}: a shell's options ending with the command line. */
  private static boolean isShellCommandOption(byte[] w) {
    if (w.length < 2 || w[0] != '-' || w[w.length - 1] != 'c') {
      return false;
    }
    for (int i = 1; i < w.length; i++) {
      if (!isLetter(w[i])) {
        return false;
      }
    }
    return true;
  }

  /** {@code NAME=value} with a shell variable name: an assignment before the program. */
  private static boolean isShellAssignment(byte[] w) {
    int i = 0;
    while (i < w.length && (isAlnum(w[i]) || w[i] == '_')) {
      i++;
    }
    return i > 0 && i < w.length && w[i] == '=' && !isDigit(w[0]);
  }

  private static boolean isAuthorityEnd(byte c) {
    return c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\'
        || isBlank(c);
  }

  private static boolean isCommandSeparator(byte c) {
    return c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`' || c == '\n';
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean hasBlank(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (isBlank(b[i])) {
        return true;
      }
    }
    return false;
  }

  private static int skipBlanks(byte[] b, int i, int e) {
    while (i < e && isBlank(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isAlnum(byte c) {
    return isLetter(c) || isDigit(c);
  }

  private static boolean equalsAscii(byte[] b, String s) {
    return b.length == s.length() && startsWithAscii(b, 0, b.length, s);
  }

  private static boolean startsWithAscii(byte[] b, int s, int e, String prefix) {
    if (e - s < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[s + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int s, int e, char c) {
    for (int i = s; i < e; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int s, int e, String needle) {
    for (int i = s; i + needle.length() <= e; i++) {
      if (startsWithAscii(b, i, e, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] b, int s, int e, char c) {
    for (int i = e - 1; i >= s; i--) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
