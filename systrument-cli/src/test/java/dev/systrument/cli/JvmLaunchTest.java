package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's one-time relaunch with the serial collector (see {@link JvmLaunch} for why). */
class JvmLaunchTest {

  @Test
  void relaunchesWithTheSerialCollectorAndTheSameArguments() {
    List<String> command = JvmLaunch.relaunchCommand(new String[] {"tree", "--json", "in.strace"}, Map.of());

    assertThat(command).isNotNull();
    assertThat(command.get(0)).endsWith("java");
    assertThat(command).contains("-XX:+UseSerialGC", "-D" + JvmLaunch.RELAUNCHED_PROPERTY + "=true");
    assertThat(command.subList(command.size() - 4, command.size()))
        .containsExactly(Main.class.getName(), "tree", "--json", "in.strace");
  }

  @Test
  void theUserCanOptOut() {
    assertThat(JvmLaunch.relaunchCommand(new String[] {"version"}, Map.of("SYSTRUMENT_RELAUNCH", "no"))).isNull();
  }

  @Test
  void theChildsExitStatusIsPassedOn() throws Exception {
    assertThat(JvmLaunch.runChild(new JvmLaunch.Relaunch(List.of("sh", "-c", "exit 7"), null))).isEqualTo(7);
    assertThat(JvmLaunch.runChild(new JvmLaunch.Relaunch(List.of("sh", "-c", "kill -TERM $$"), null))).isEqualTo(143);
  }
}
