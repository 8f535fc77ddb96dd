package dev.systrument.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.value.Value.Str;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of docs/redaction.md, one row per rule: what must be hidden, and the look-alikes that
 * must stay as they are (an ordinary argument mangled is a bug too). {@code R} stands for
 * {@link Redaction#REDACTED}.
 */
class RedactionTest {
  private static final String R = Redaction.REDACTED;

  /** argv as recorded → argv as exported. */
  static Stream<Arguments> argvRules() {
    return Stream.of(
        row("ordinary argv stays", List.of("make", "-j8", "all"), List.of("make", "-j8", "all")),
        row("--option=value", List.of("tool", "--password=hunter2"), List.of("tool", "--password=" + R)),
        row("--option value: the next element", List.of("tool", "--password", "hunter2", "next"),
            List.of("tool", "--password", R, "next")),
        row("--token split form", List.of("gh", "--token", "ghp_abc", "repo"), List.of("gh", "--token", R, "repo")),
        row("option names by their last word",
            List.of("t", "--api-key=k1", "--apiKey", "k2", "--client-secret=s", "--db-password=x", "--auth", "u:p",
                "--basic-auth=u:p", "--passphrase", "x", "--pw", "y", "--credentials", "z", "--cookie", "a=b"),
            List.of("t", "--api-key=" + R, "--apiKey", R, "--client-secret=" + R, "--db-password=" + R, "--auth", R,
                "--basic-auth=" + R, "--passphrase", R, "--pw", R, "--credentials", R, "--cookie", R)),
        row("names of where a secret is kept stay", List.of("t", "--password-file=/run/secrets/pw", "--token-path", "/x",
                "--password-stdin", "--keyfile=/k"),
            List.of("t", "--password-file=/run/secrets/pw", "--token-path", "/x", "--password-stdin", "--keyfile=/k")),
        row("look-alike options stay", List.of("t", "--author=me", "--auth-type", "basic", "--keyring", "k",
                "--max-tokens", "100", "--tokenizer", "bpe", "--session-name", "s"),
            List.of("t", "--author=me", "--auth-type", "basic", "--keyring", "k", "--max-tokens", "100", "--tokenizer",
                "bpe", "--session-name", "s")),
        row("boolean flags take no value", List.of("ansible-playbook", "--ask-pass", "site.yml", "--no-password", "x"),
            List.of("ansible-playbook", "--ask-pass", "site.yml", "--no-password", "x")),
        row("ambiguous option words stay", List.of("sort", "--key=2", "--key", "3"), List.of("sort", "--key=2", "--key", "3")),
        row("ffmpeg two-pass", List.of("ffmpeg", "-pass", "1", "-i", "in.mp4"), List.of("ffmpeg", "-pass", "1", "-i", "in.mp4")),
        row("make's jobserver", List.of("make", "--jobserver-auth=3,4"), List.of("make", "--jobserver-auth=3,4")),
        row("an option after a secret option is not its value", List.of("t", "--token", "--verbose"),
            List.of("t", "--token", "--verbose")),
        row("curl -u user:password", List.of("curl", "-u", "me:pw", "-ume:pw2", "--user=me:pw3", "-u", "onlyuser"),
            List.of("curl", "-u", "me:" + R, "-ume:" + R, "--user=me:" + R, "-u", "onlyuser")),
        row("-u is no password outside curl", List.of("sudo", "-u", "root", "make"), List.of("sudo", "-u", "root", "make")),
        row("-p is a port or a flag elsewhere", List.of("psql", "-p", "5432", "-U", "me"), List.of("psql", "-p", "5432", "-U", "me")),
        row("sshpass -p", List.of("sshpass", "-p", "pw", "ssh", "host"), List.of("sshpass", "-p", R, "ssh", "host")),
        row("mysql -pPASS, attached only", List.of("/usr/bin/mysql", "-pPW", "-p", "db"), List.of("/usr/bin/mysql", "-p" + R, "-p", "db")),
        row("docker login -p, not docker run -p", List.of("docker", "login", "-u", "me", "-p", "pw", "reg.io"),
            List.of("docker", "login", "-u", "me", "-p", R, "reg.io")),
        row("docker run -p is a port", List.of("docker", "run", "-p", "80:80", "img"), List.of("docker", "run", "-p", "80:80", "img")),
        row("ldapsearch -w, keytool -storepass", List.of("keytool", "-storepass", "pw", "-alias", "a"),
            List.of("keytool", "-storepass", R, "-alias", "a")),
        row("a wrapper before the program", List.of("env", "A=1", "timeout", "10", "curl", "-u", "a:b", "https://h"),
            List.of("env", "A=1", "timeout", "10", "curl", "-u", "a:" + R, "https://h")),
        row("HTTP headers keep their scheme word",
            List.of("curl", "-H", "Authorization: Bearer tok", "-H", "X-Api-Key: k1", "-H", "Accept: application/json",
                "--header=Private-Token: t2", "-H", "Cookie: a=1; b=2"),
            List.of("curl", "-H", "Authorization: Bearer " + R, "-H", "X-Api-Key: " + R, "-H", "Accept: application/json",
                "--header=Private-Token: " + R, "-H", "Cookie: " + R)),
        row("URL passwords, user names stay",
            List.of("git", "clone", "https://x-access-token:ghs_abc@github.com/o/r.git", "ssh://git@github.com/o/r"),
            List.of("git", "clone", "https://x-access-token:" + R + "@github.com/o/r.git", "ssh://git@github.com/o/r")),
        row("URL password with a raw @", List.of("psql", "postgres://u:p@ss@db:5432/app"), List.of("psql", "postgres://u:" + R + "@db:5432/app")),
        row("URLs without password stay", List.of("curl", "http://host:8080/a@b", "https://user@host/", "jdbc:mysql://h/db"),
            List.of("curl", "http://host:8080/a@b", "https://user@host/", "jdbc:mysql://h/db")),
        row("query parameters named like secrets",
            List.of("curl", "https://h/x?access_token=t&page=2&X-Amz-Signature=s#top"),
            List.of("curl", "https://h/x?access_token=" + R + "&page=2&X-Amz-Signature=" + R + "#top")),
        row("assignments in argv", List.of("docker", "build", "--build-arg", "NPM_TOKEN=x", "--build-arg=GITHUB_TOKEN=y", "."),
            List.of("docker", "build", "--build-arg", "NPM_TOKEN=" + R, "--build-arg=GITHUB_TOKEN=" + R, ".")),
        row("npm's registry token", List.of("npm", "config", "set", "//registry.npmjs.org/:_authToken=npm_x"),
            List.of("npm", "config", "set", "//registry.npmjs.org/:_authToken=" + R)),
        row("ssh options are no secrets", List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o", "PasswordAuthentication=no", "h"),
            List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o", "PasswordAuthentication=no", "h")),
        row("-Dname=value like an option name",
            List.of("java", "-Djavax.net.ssl.trustStorePassword=changeit", "-DKEY=1", "-DHAVE_AUTH=1", "-Dsort.key=2",
                "-PsigningPassword=pw", "-DUSE_TOKEN=1", "-jar", "x.jar"),
            List.of("java", "-Djavax.net.ssl.trustStorePassword=" + R, "-DKEY=1", "-DHAVE_AUTH=1", "-Dsort.key=2",
                "-PsigningPassword=" + R, "-DUSE_TOKEN=1", "-jar", "x.jar")),
        row("git's extraheader as actions/checkout passes it",
            List.of("git", "-c", "http.https://github.com/.extraheader=AUTHORIZATION: basic eDpwdw==", "fetch"),
            List.of("git", "-c", "http.https://github.com/.extraheader=AUTHORIZATION: basic " + R, "fetch")),
        row("openssl pass:", List.of("openssl", "enc", "-pass", "pass:pw", "-passin", "env:VAR"),
            List.of("openssl", "enc", "-pass", "pass:" + R, "-passin", "env:VAR")),
        row("a command line inside an element",
            List.of("sh", "-c", "tool --password=pw && curl -u me:pw2 https://x; echo done"),
            List.of("sh", "-c", "tool --password=" + R + " && curl -u me:" + R + " https://x; echo done")),
        row("quotes around a value stay",
            List.of("sh", "-c", "tool --password 'a b' --token=\"c d\" next"),
            List.of("sh", "-c", "tool --password '" + R + "' --token=\"" + R + "\" next")),
        row("variables set for a command follow the environment rule",
            List.of("sh", "-c", "GITHUB_TOKEN=ghp_x PGPASSWORD=pw psql; export DB_PASS=p2; env MYSQL_PWD=p3 mysql"),
            List.of("sh", "-c", "GITHUB_TOKEN=" + R + " PGPASSWORD=" + R + " psql; export DB_PASS=" + R + "; env MYSQL_PWD=" + R + " mysql")),
        row("a header inside a command line",
            List.of("bash", "-lc", "curl -sf -H 'Authorization: token abc' https://api/x"),
            List.of("bash", "-lc", "curl -sf -H 'Authorization: token " + R + "' https://api/x")),
        row("nested command lines", List.of("sh", "-c", "bash -c 'tool --token t1'"), List.of("sh", "-c", "bash -c 'tool --token " + R + "'")),
        row("PWD is the working directory; key=value after the program is an assignment", List.of("sh", "-c", "PWD=/tmp make key=1"),
            List.of("sh", "-c", "PWD=/tmp make key=" + R)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("argvRules")
  void argvRule(String rule, List<String> recorded, List<String> exported) {
    List<Str> argv = recorded.stream().map(Str::of).toList();

    assertThat(texts(Redaction.DEFAULT.argv(argv))).as(rule).containsExactlyElementsOf(exported);
    assertThat(Redaction.DEFAULT.withEnabled(false).argv(argv)).as("--no-redact").isSameAs(argv);
    if (recorded.equals(exported)) {
      assertThat(Redaction.DEFAULT.argv(argv)).as("nothing hidden: the same list").isSameAs(argv);
    }
  }

  /** Environment entries as recorded → as exported under {@code --env=redacted}. */
  static Stream<Arguments> environmentRules() {
    return Stream.of(
        row("secret-looking names", List.of("GITHUB_TOKEN=ghp_x", "DB_PASSWORD=p", "PGPASSWORD=p", "DB_PASS=p", "MYSQL_PWD=p",
                "AWS_SECRET_ACCESS_KEY=k", "NPM_CONFIG__AUTH=a", "SSH_AUTH_SOCK=/tmp/s", "SESSION_ID=s"),
            // SSH_AUTH_SOCK and SESSION_ID are no secrets, hidden anyway: within words the rule is broad on purpose
            List.of("GITHUB_TOKEN=" + R, "DB_PASSWORD=" + R, "PGPASSWORD=" + R, "DB_PASS=" + R, "MYSQL_PWD=" + R,
                "AWS_SECRET_ACCESS_KEY=" + R, "NPM_CONFIG__AUTH=" + R, "SSH_AUTH_SOCK=" + R, "SESSION_ID=" + R)),
        row("ordinary variables and references stay",
            List.of("PWD=/home/b", "OLDPWD=/", "HOME=/home/b", "PATH=/usr/bin:/bin", "POSTGRES_PASSWORD_FILE=/run/secrets/pg",
                "SSL_KEYFILE=/k.pem", "LANG=C.UTF-8", "MAKEFLAGS=w -j2 --jobserver-auth=3,4", "LS_COLORS=rs=0:di=01;34",
                "NOEQUALS", "GIT_ASKPASS=/bin/true", "GIT_AUTHOR_DATE=2024-01-01T00:00:00Z"),
            List.of("PWD=/home/b", "OLDPWD=/", "HOME=/home/b", "PATH=/usr/bin:/bin", "POSTGRES_PASSWORD_FILE=/run/secrets/pg",
                "SSL_KEYFILE=/k.pem", "LANG=C.UTF-8", "MAKEFLAGS=w -j2 --jobserver-auth=3,4", "LS_COLORS=rs=0:di=01;34",
                "NOEQUALS", "GIT_ASKPASS=/bin/true", "GIT_AUTHOR_DATE=2024-01-01T00:00:00Z")),
        row("URL passwords and options inside values",
            List.of("DATABASE_URL=postgres://u:PLANTEDpw@h/db", "JAVA_TOOL_OPTIONS=-Dhttps.proxyPassword=pw -Xmx1g"),
            List.of("DATABASE_URL=postgres://u:" + R + "@h/db", "JAVA_TOOL_OPTIONS=-Dhttps.proxyPassword=" + R + " -Xmx1g")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("environmentRules")
  void environmentRule(String rule, List<String> recorded, List<String> exported) {
    for (int i = 0; i < recorded.size(); i++) {
      String entry = recorded.get(i);
      assertThat(Redaction.DEFAULT.envEntry(Str.of(entry)).text()).as(rule).isEqualTo(exported.get(i));
      int eq = entry.indexOf('=');
      if (eq > 0) {
        String expected = exported.get(i).substring(eq + 1);
        String name = entry.substring(0, eq);
        String value = entry.substring(eq + 1);
        assertThat(Redaction.DEFAULT.envValue(name, value)).as(rule).isEqualTo(expected);
        assertThat(Redaction.DEFAULT.withEnv(Redaction.Env.ALL).envValue(name, value)).isEqualTo(value);
        assertThat(Redaction.DEFAULT.withEnabled(false).envValue(name, value)).as("--no-redact").isEqualTo(value);
        assertThat(Redaction.DEFAULT.withEnv(Redaction.Env.NONE).envValue(name, value)).isNull();
        assertThat(Redaction.DEFAULT.withEnv(Redaction.Env.NONE).withEnabled(false).envValue(name, value))
            .as("--no-redact keeps --env=none").isNull();
      }
    }
  }

  /** strace cut the string at -s: what may be the start of a secret goes too. */
  @Test
  void truncatedStringsLoseWhatMayBeTheStartOfASecret() {
    List<Str> argv = List.of(Str.of("curl"), new Str(bytes("https://me:PLANT"), true), new Str(bytes("--password=abc"), true),
        Str.of("http://host:80"));

    assertThat(texts(Redaction.DEFAULT.argv(argv)))
        .containsExactly("curl", "https://me:" + R + "...", "--password=" + R + "...", "http://host:80");
  }

  /** Non-ASCII and invalid UTF-8 around a secret stay byte for byte. */
  @Test
  void bytesAroundASecretStayAsRecorded() {
    byte[] element = "--password=pässwörd".getBytes(StandardCharsets.UTF_8);
    byte[] other = {'x', (byte) 0xff, 'y'};

    List<Str> shown = Redaction.DEFAULT.argv(List.of(Str.of("t"), new Str(element, false), new Str(other, false)));

    assertThat(shown.get(1).text()).isEqualTo("--password=" + R);
    assertThat(shown.get(2).bytes()).isEqualTo(other);
  }

  /** Problem reports quote lines as read: the strings of an exec line are argv and environment entries. */
  @Test
  void freeTextReadsStraceStringsAsArgvAndEnvironment() {
    String line = "300 1.0 execve(\"/usr/bin/curl\", [\"curl\", \"-u\", \"me:pw\", \"--token\", \"t1\"], "
        + "[\"PGPASSWORD=p1\", \"DATABASE_URL=postgres://u:p2@h/db\"], 0x0 <garbage";

    assertThat(Redaction.DEFAULT.text(line)).isEqualTo("300 1.0 execve(\"/usr/bin/curl\", [\"curl\", \"-u\", \"me:" + R
        + "\", \"--token\", \"" + R + "\"], [\"PGPASSWORD=" + R + "\", \"DATABASE_URL=postgres://u:" + R + "@h/db\"], 0x0 <garbage");
    assertThat(Redaction.DEFAULT.text("tool --password=x run")).isEqualTo("tool --password=" + R + " run");
    assertThat(Redaction.DEFAULT.withEnabled(false).text(line)).isEqualTo(line);
  }

  /**
   * Redaction runs inside every export: whatever bytes an exec carries (quotes left open, a lone
   * backslash, {@code ://} at the end, invalid UTF-8), it must not throw. Random elements built
   * from the characters the rules look at.
   */
  @Test
  void neverThrowsOnArbitraryBytes() {
    byte[] alphabet = "ab-=:/@?&#'\" \\;|()`\n\tPpuHc.Dx".getBytes(StandardCharsets.UTF_8);
    String[] words = {"--password", "--token", "-u", "-p", "curl", "sh", "-c", "login", "docker", "Authorization:", "Bearer",
        "https://", "GITHUB_TOKEN=", "pass:", "export", "env", "?token=", "\u00e9"};
    java.util.Random random = new java.util.Random(8);
    for (int run = 0; run < 5_000; run++) {
      List<Str> argv = new java.util.ArrayList<>();
      for (int e = random.nextInt(6); e >= 0; e--) {
        java.io.ByteArrayOutputStream element = new java.io.ByteArrayOutputStream();
        for (int k = random.nextInt(12); k >= 0; k--) {
          if (random.nextBoolean()) {
            element.writeBytes(words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8));
          } else {
            element.write(random.nextInt(8) == 0 ? (byte) (0x80 + random.nextInt(0x80)) : alphabet[random.nextInt(alphabet.length)]);
          }
        }
        argv.add(new Str(element.toByteArray(), random.nextInt(4) == 0));
      }
      List<Str> shown = Redaction.DEFAULT.argv(argv);
      assertThat(shown).hasSameSizeAs(argv);
      for (Str s : argv) {
        Redaction.DEFAULT.envEntry(new Str(("A=" + s.text()).getBytes(StandardCharsets.UTF_8), s.truncated()));
        Redaction.DEFAULT.text(s.text());
      }
    }
  }

  /**
   * Long runs of what the rules react to stay linear and within the stack, and are read right:
   * only the {@code Authorization:} run holds a secret, every other one comes back as it was.
   * 32 times the input may cost at most 200 times the time (linear work takes about 32, quadratic
   * 1,024); each size is timed at its cheapest of five runs, plus a fixed allowance for the
   * collector and a loaded machine (measured on the shared build machine: 15 to 90 times for 16
   * times the input). The timeout is preemptive: a runaway rule (quadratic on 400,000 characters
   * takes minutes) fails the test instead of hanging the build.
   */
  @Test
  @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void pathologicalElementsStayCheap() {
    for (String unit : List.of("a=", "a://", "?a", "&a=b", "'", "\"", "sh -c ", "--token ", "Authorization: ", "$(")) {
      String element = unit.repeat(400_000 / unit.length());
      // Each "Authorization: " hides the word after it, which here is the next "Authorization:".
      String expected = unit.startsWith("Authorization")
          ? ("Authorization: " + R + " ").repeat(element.length() / unit.length() / 2)
          : element;
      List<Str> argv = Redaction.DEFAULT.argv(List.of(Str.of("sh"), Str.of("-c"), Str.of(element)));
      assertThat(texts(argv.subList(0, 2))).containsExactly("sh", "-c");
      assertSameText(unit + "... as argv", argv.get(2).text(), expected);
      assertSameText(unit + "... as env", Redaction.DEFAULT.envEntry(Str.of("A=" + element)).text(), "A=" + expected);
      // In a quoted text the header's value runs to the closing quote.
      String quoted = unit.startsWith("Authorization") ? "\"Authorization: " + R + "\"" : "\"" + element + "\"";
      assertSameText(unit + "... as text", Redaction.DEFAULT.text("\"" + element + "\""), quoted);

      long small = cheapestNanos(unit.repeat(12_500 / unit.length()), 5);
      long large = cheapestNanos(element, 5);
      assertThat(large).as("%s... x32 long: %d us against %d us", unit, large / 1000, small / 1000)
          .isLessThan(200 * small + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /** Equality of long texts, failing with where they part rather than with both texts. */
  private static void assertSameText(String what, String actual, String expected) {
    int at = 0;
    while (at < Math.min(actual.length(), expected.length()) && actual.charAt(at) == expected.charAt(at)) {
      at++;
    }
    assertThat(at == actual.length() && at == expected.length())
        .as("%s: %d chars, expected %d; they part at %d: ...%s... instead of ...%s...", what, actual.length(), expected.length(),
            at, actual.substring(Math.max(0, at - 20), Math.min(actual.length(), at + 20)),
            expected.substring(Math.max(0, at - 20), Math.min(expected.length(), at + 20)))
        .isTrue();
  }

  /** The least time of {@code runs} redactions of one element as argv, env entry and text. */
  private static long cheapestNanos(String element, int runs) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      Redaction.DEFAULT.argv(List.of(Str.of("sh"), Str.of("-c"), Str.of(element)));
      Redaction.DEFAULT.envEntry(Str.of("A=" + element));
      Redaction.DEFAULT.text("\"" + element + "\"");
      best = Math.min(best, System.nanoTime() - start);
    }
    return best;
  }

  @Test
  void namesSplitIntoWordsAtPunctuationAndCamelCase() {
    assertThat(SecretPatterns.words("signingPassword")).containsExactly("signing", "password");
    assertThat(SecretPatterns.words("HTTPAuth")).containsExactly("http", "auth");
    assertThat(SecretPatterns.words("//registry.npmjs.org/:_authToken")).containsExactly("registry", "npmjs", "org", "auth", "token");
    assertThat(SecretPatterns.words("AWS_SECRET_ACCESS_KEY")).containsExactly("aws", "secret", "access", "key");
    assertThat(SecretPatterns.words("oauth2Token")).containsExactly("oauth2", "token");
  }

  @Test
  void envModesParseAsTheCliSpellsThem() {
    assertThat(Redaction.Env.parse("REDACTED")).isEqualTo(Redaction.Env.REDACTED);
    assertThat(Redaction.Env.parse("none")).isEqualTo(Redaction.Env.NONE);
    assertThat(Redaction.Env.parse("all")).isEqualTo(Redaction.Env.ALL);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Redaction.Env.parse("some"))
        .withMessageContaining("redacted, none or all");
  }

  private static Arguments row(String rule, List<String> recorded, List<String> exported) {
    assertThat(exported).as("%s: test row", rule).hasSameSizeAs(recorded);
    return Arguments.of(rule, recorded, exported);
  }

  private static List<String> texts(List<Str> argv) {
    return argv.stream().map(Str::text).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
