package dev.systrument.perfetto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.EnvRedaction;
import dev.systrument.model.EventText;
import dev.systrument.model.ExecEnv;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.value.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecEnvTest {

  @Test
  void splitsStraceArgumentsAtTopLevelCommasOnly() {
    assertThat(ExecEnv.splitTopLevel("\"/bin/sh\", [\"sh\", \"-c\", \"a, b\\\"]\"], 0x7ffd /* 3 vars, x */"))
        .containsExactly("\"/bin/sh\"", "[\"sh\", \"-c\", \"a, b\\\"]\"]", "0x7ffd /* 3 vars, x */");
    assertThat(ExecEnv.splitTopLevel("AT_FDCWD, \"x\", {st_mode=S_IFREG|0644, st_size=1}, 0"))
        .hasSize(4);
    assertThat(ExecEnv.splitTopLevel("")).isEmpty();
  }

  @Test
  void redactsOnlyTheEnvironmentOfAnExecLine() {
    // 20483 1795658730.237925 execve("/usr/bin/true", ["true"], [..., "GITHUB_TOKEN=..."]) = 0 <0.002999>
    SyscallEvent execve = StraceEvents.execve(20483, "1795658730.237925", "/usr/bin/true", List.of("true"),
        List.of("HOME=/tmp/corpushome", "GITHUB_TOKEN=ghp_x"), StraceEvents.ok(0), "0.002999");

    assertThat(EventText.render(ExecEnv.redacted(execve, EnvRedaction.REDACTED)))
        .isEqualTo("20483 execve(\"/usr/bin/true\", [\"true\"], [\"HOME=/tmp/corpushome\", \"GITHUB_TOKEN=<redacted>\"]) = 0 <0.002999000>");
    assertThat(EventText.render(ExecEnv.redacted(execve, EnvRedaction.NONE)))
        .isEqualTo("20483 execve(\"/usr/bin/true\", [\"true\"], [/* 2 vars, not exported */]) = 0 <0.002999000>");
    assertThat(ExecEnv.redacted(execve, EnvRedaction.ALL)).isSameAs(execve);
    SyscallEvent read = StraceEvents.call(1, "1.0", "read", List.of(StraceEvents.fd(3, "/x")), StraceEvents.ok(0), null);
    assertThat(ExecEnv.redacted(read, EnvRedaction.REDACTED)).isSameAs(read);
  }

  @Test
  void quotesLikeStraceAndKeepsInvalidBytesVisible() {
    Value env = new Value.Array(List.of(
        new Value.Str(new byte[] {'A', '=', 'x', '"', '\n', (byte) 0xff}, false),
        new Value.Str("SESSION_ID=é".getBytes(java.nio.charset.StandardCharsets.UTF_8), true)));
    assertThat(ExecEnv.redactedText(env, EnvRedaction.REDACTED, true))
        .isEqualTo("[\"A=x\\\"\\n\\xff\", \"SESSION_ID=<redacted>\"...]");
    assertThat(ExecEnv.redactedText(env, EnvRedaction.ALL, false)).isEqualTo("[A=x\"\n\\xff, SESSION_ID=é...]");
  }
}
