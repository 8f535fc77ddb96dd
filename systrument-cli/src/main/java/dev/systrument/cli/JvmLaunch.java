package dev.systrument.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code java -jar systrument-cli.jar} runs on whatever JVM options the user typed, which is
 * usually none, and the JVM's default (G1 with a heap of a quarter of the machine's memory) is the
 * wrong choice for a streaming converter: on the 2-core reference machine, strace2perfetto on a
 * 231 MB log took 9.9 s and 630 MB RSS with G1, 4.8 s and 234 MB with the serial collector
 * (docs/performance.md). A JAR cannot carry JVM options, so the CLI starts itself once more with
 * {@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1} and waits for that child, unless the user chose a collector or heap
 * size themselves, or set {@code SYSTRUMENT_RELAUNCH=no}. The child inherits stdin, stdout and
 * stderr; its exit status becomes ours. It maps a class data archive of the CLI when there is one
 * ({@link ClassDataArchive}).
 */
final class JvmLaunch {
  static final String RELAUNCHED_PROPERTY = "systrument.relaunched";

  private JvmLaunch() {}

  /** The child's command line and its class data archive (or null). */
  record Relaunch(List<String> command, ClassDataArchive archive) {}

  /** How to start the child, or null when this JVM should do the work itself. */
  static Relaunch relaunch(String[] args, Map<String, String> env) {
    if (System.getProperty(RELAUNCHED_PROPERTY) != null || "no".equals(env.get("SYSTRUMENT_RELAUNCH"))) {
      return null;
    }
    List<String> jvmOptions = jvmOptions();
    List<String> command = relaunchCommand(args, env, jvmOptions);
    if (command == null) {
      return null;
    }
    ClassDataArchive archive = ClassDataArchive.locate(args, env, jvmOptions, System.getProperty("java.class.path", ""));
    if (archive != null) {
      command.addAll(1, archive.jvmOptions());
    }
    return new Relaunch(command, archive);
  }

  /** The child's command line, or null when the user chose the collector or heap. */
  private static List<String> relaunchCommand(String[] args, Map<String, String> env, List<String> jvmOptions) {
    List<String> chosen = new ArrayList<>(jvmOptions);
    // options the launcher and the JVM take from the environment (the child inherits it, so
    // they need not be passed on, but they count as the user's choice)
    for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
      String value = env.get(variable);
      if (value != null) {
        chosen.addAll(List.of(value.trim().split("\\s+")));
      }
    }
    for (String option : chosen) {
      if (option.startsWith("-Xmx") || option.startsWith("-XX:MaxRAM") || option.startsWith("-XX:MaxHeapSize")
          || (option.startsWith("-XX:+Use") && option.endsWith("GC"))) {
        return null; // the user chose; respect it
      }
    }
    String java = ProcessHandle.current().info().command().orElse(null);
    String classPath = System.getProperty("java.class.path", "");
    if (java == null || !Files.isExecutable(Path.of(java)) || classPath.isEmpty()) {
      return null;
    }
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:+UseSerialGC");
    // C1 only: C2's compilations cost more CPU than they win back on runs of seconds to a minute
    // on 2 cores (strace2perfetto 231 MB: 4.4 s -> 3.1 s, CPU 7.8 s -> 4.0 s; 419 MB: no slower),
    // and CPU left to the traced build is what keeps record's overhead low.
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions); // -D..., -ea, agents: whatever the user passed still applies
    command.add("-D" + RELAUNCHED_PROPERTY + "=true");
    command.add("-cp");
    command.add(classPath);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The JVM options this JVM was started with, as typed before {@code -jar} (or the main class).
   * Read from the process's command line: the management API gives the same, but loading it cost
   * the relaunching JVM ~10 ms of the ~60 ms it lives. Falls back to it where the command line is
   * not available.
   */
  static List<String> jvmOptions() {
    Optional<String[]> arguments = ProcessHandle.current().info().arguments();
    if (arguments.isEmpty()) {
      return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }
    return jvmOptions(List.of(arguments.get()));
  }

  /** The options among a {@code java} command's arguments (those after the executable). */
  static List<String> jvmOptions(List<String> launcherArguments) {
    List<String> options = new ArrayList<>();
    for (int i = 0; i < launcherArguments.size(); i++) {
      String argument = launcherArguments.get(i);
      if (argument.equals("-jar") || !argument.startsWith("-")) {
        break; // the jar or the main class: what follows is the program's
      }
      if (OPTIONS_WITH_A_VALUE.contains(argument)) {
        i++; // `-cp PATH`: the class path is passed on by itself
        continue;
      }
      options.add(argument);
    }
    return options;
  }

  /** Launcher options whose value is the next argument. */
  private static final Set<String> OPTIONS_WITH_A_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p",
      "--module-path", "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-reads", "--add-exports",
      "--add-opens", "--patch-module", "--describe-module", "-d", "--source");

  /**
   * Runs the child and returns its exit status. Ctrl-C in a terminal reaches the child directly
   * (the terminal signals the whole foreground process group), so there this JVM ignores SIGINT
   * and keeps waiting for the child to finish its outputs. Without a terminal (a CI job cancelled,
   * {@code timeout -s INT}, {@code kill -INT}) SIGINT reaches this JVM alone and is passed on, as
   * is SIGTERM.
   */
  static int runChild(Relaunch relaunch) throws Exception {
    Process child = new ProcessBuilder(relaunch.command()).inheritIO().start();
    SignalForwarding forwarding = SignalForwarding.install(name -> SignalForwarding.send(child.toHandle(), name));
    try {
      return child.waitFor();
    } finally {
      forwarding.close();
      if (relaunch.archive() != null) {
        relaunch.archive().childExited();
      }
    }
  }
}
