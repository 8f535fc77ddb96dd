package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's one-time relaunch with the serial collector (see {@link JvmLaunch} for why). */
class JvmLaunchTest {
  /** No class data archive: these tests must not write to the cache under the user's home. */
  private static final Map<String, String> NO_CDS = Map.of("SYSTRUMENT_CDS", "no");

  @Test
  void relaunchesWithTheSerialCollectorAndTheSameArguments() {
    List<String> command = JvmLaunch.relaunch(new String[] {"tree", "--json", "in.strace"}, NO_CDS).command();

    assertThat(command).isNotNull();
    assertThat(command.get(0)).endsWith("java");
    assertThat(command).contains("-XX:+UseSerialGC", "-D" + JvmLaunch.RELAUNCHED_PROPERTY + "=true");
    assertThat(command.subList(command.size() - 4, command.size()))
        .containsExactly(Main.class.getName(), "tree", "--json", "in.strace");
  }

  @Test
  void theUserCanOptOut() {
    assertThat(JvmLaunch.relaunch(new String[] {"version"}, Map.of("SYSTRUMENT_RELAUNCH", "no"))).isNull();
  }

  @Test
  void optionsAreWhatStandsBeforeTheJarOrTheMainClass() {
    assertThat(JvmLaunch.jvmOptions(List.of("-Dx=1", "-ea", "-jar", "systrument-cli.jar", "-Xmx1g", "tree")))
        .containsExactly("-Dx=1", "-ea");
    assertThat(JvmLaunch.jvmOptions(List.of("-cp", "a.jar:b.jar", "-Xss1m", "dev.systrument.cli.Main", "-Dy=2")))
        .containsExactly("-Xss1m");
    assertThat(JvmLaunch.jvmOptions(List.of("-jar", "systrument-cli.jar"))).isEmpty();
  }

  @Test
  void aCollectorOrHeapChosenInTheEnvironmentIsRespected() {
    String[] args = {"version"};
    assertThat(JvmLaunch.relaunch(args, Map.of("SYSTRUMENT_CDS", "no", "JDK_JAVA_OPTIONS", "-Xmx2g"))).isNull();
    assertThat(JvmLaunch.relaunch(args, Map.of("SYSTRUMENT_CDS", "no", "JAVA_TOOL_OPTIONS", "-Dx=1  -XX:+UseParallelGC")))
        .isNull();
    assertThat(JvmLaunch.relaunch(args, Map.of("SYSTRUMENT_CDS", "no", "JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8")))
        .isNotNull();
  }

  @Test
  void theChildsExitStatusIsPassedOn() throws Exception {
    assertThat(JvmLaunch.runChild(new JvmLaunch.Relaunch(List.of("sh", "-c", "exit 7"), null))).isEqualTo(7);
    assertThat(JvmLaunch.runChild(new JvmLaunch.Relaunch(List.of("sh", "-c", "kill -TERM $$"), null))).isEqualTo(143);
  }
}
