package dev.systrument.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.value.Value.Str;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The environment-name rule of docs/redaction.md as a table: names whose value must be hidden, and
 * the common CI and tool variables that must stay readable. The second list is the one that
 * regressed: a substring rule read {@code GIT_AUTHOR_DATE} as AUTH and blanked the argv of every
 * git workload.
 */
class SecretEnvNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "GITHUB_TOKEN", "GH_TOKEN", "CI_JOB_TOKEN", "NPM_TOKEN", "AUTH", "AUTH_TOKEN", "X_AUTH",
      "OAUTH_CLIENT_SECRET", "OAUTH_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "PGPASSWORD",
      "MYSQL_PWD", "DB_PASS", "DB_PW", "REDIS_PASSWORD", "SIGNING_KEY", "API_KEY", "APIKEY", "MY_APIKEY",
      "GITHUBTOKEN", "CLIENTSECRET", "SSH_AUTH_SOCK", "DOCKER_AUTH_CONFIG", "SESSION_COOKIE",
      "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_CREDENTIAL", "GPG_PASSPHRASE", "npm_config__authToken",
      "signingPassword", "github_token"})
  void secretNames(String name) {
    assertThat(Redaction.looksSecret(name)).as(name).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GIT_AUTHOR_DATE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_DATE", "GIT_COMMITTER_NAME",
      "GIT_COMMITTER_EMAIL", "AUTHOR", "OAUTH_CLIENT_ID", "KEYBOARD", "MONKEY", "PASSWD_FILE",
      "POSTGRES_PASSWORD_FILE", "SSL_KEYFILE", "TOKEN_PATH", "GNUPG_KEY_DIR", "PWD", "OLDPWD", "PATH", "HOME",
      "GIT_ASKPASS", "PASSENGER_ENV", "BYPASS_PROXY", "COMPASS_HOME", "KEYMAP", "HOTKEYS", "TOKENIZERS_PARALLELISM",
      "CI_COMMIT_AUTHOR", "GITHUB_ACTOR", "GITHUB_SHA", "RUNNER_OS", "LANG", "TERM", "MAKEFLAGS"})
  void ordinaryNames(String name) {
    assertThat(Redaction.looksSecret(name)).as(name).isFalse();
  }

  @Test
  void gitDatesInAShellScriptStay() {
    List<Str> argv = List.of(str("bash"), str("-c"),
        str("GIT_AUTHOR_DATE=\"2024-01-01T00:00:00Z\" GITHUB_TOKEN=ghp_x git commit -m msg"));
    assertThat(Redaction.DEFAULT.argvText(argv)).containsExactly("bash", "-c",
        "GIT_AUTHOR_DATE=\"2024-01-01T00:00:00Z\" GITHUB_TOKEN=" + Redaction.REDACTED + " git commit -m msg");
  }

  private static Str str(String s) {
    return Str.of(s);
  }
}
