package dev.systrument.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the command line, runs one subcommand, and maps every outcome to an exit code in one
 * place (see {@link ExitCode}). Never calls {@code System.exit}; {@link Main} does.
 */
public final class Cli {
  private final CliContext context;

  Cli(CliContext context) {
    this.context = context;
  }

  int run(String... args) {
    Map<String, Command> commands = new LinkedHashMap<>();
    commands.put("check", new CheckCommand());
    commands.put("tree", new TreeCommand());
    commands.put("strace2perfetto", new PerfettoCommand());
    commands.put("strace2otel", new OtelCommand());
    commands.put("record", new RecordCommand());
    commands.put("version", new VersionCommand());

    JCommander.Builder builder = JCommander.newBuilder().programName("systrument");
    commands.forEach((name, command) -> builder.addCommand(name, command));
    JCommander jc = builder.build();
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      StringBuilder sb = new StringBuilder();
      if (args.length > 1 && commands.containsKey(args[1])) {
        jc.getUsageFormatter().usage(args[1], sb);
      } else {
        appendCommandList(sb, jc, commands);
      }
      (args.length == 0 ? context.err() : context.out()).print(sb);
      return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    // record's COMMAND after `--` is taken verbatim: JCommander trims main parameters and strips
    // surrounding double quotes, so `record -- python3 -c 'print(1)\n'` would lose the newline.
    int dashDash = Arrays.asList(args).indexOf("--");
    boolean verbatimCommand = args[0].equals("record") && dashDash > 0;
    try {
      jc.parse(normalize(verbatimCommand ? Arrays.copyOf(args, dashDash) : args));
    } catch (ParameterException e) {
      // The message alone ("Main parameters are required") does not say what to type: show the
      // usage of the command the user meant, or the list of commands when the name is unknown.
      context.err().println("systrument: " + e.getMessage());
      StringBuilder sb = new StringBuilder();
      if (commands.containsKey(args[0])) {
        jc.getUsageFormatter().usage(args[0], sb);
      } else {
        appendCommandList(sb, jc, commands);
      }
      context.err().print(sb);
      return ExitCode.USAGE;
    }
    String name = jc.getParsedCommand();
    if (name == null) {
      StringBuilder sb = new StringBuilder();
      appendCommandList(sb, jc, commands);
      context.err().print(sb);
      return ExitCode.USAGE;
    }
    if (verbatimCommand) {
      RecordCommand record = (RecordCommand) commands.get("record");
      record.command = new ArrayList<>(record.command); // words before `--`, if any (`record make -- -j8`)
      record.command.addAll(Arrays.asList(args).subList(dashDash + 1, args.length));
    }
    try {
      return commands.get(name).run(context);
    } catch (UsageException e) {
      context.err().println("systrument " + name + ": " + e.getMessage());
      return ExitCode.USAGE;
    } catch (NoStraceOutputException e) {
      context.err().println("systrument " + name + ": " + e.getMessage());
      return ExitCode.PROBLEMS;
    } catch (IOException | UncheckedIOException e) {
      context.err().println("systrument " + name + ": I/O error: " + e.getMessage());
      return ExitCode.INTERNAL;
    } catch (Exception | Error e) {
      context.err().println("systrument " + name + ": internal error (please report): " + e);
      e.printStackTrace(context.err());
      return ExitCode.INTERNAL;
    }
  }

  /** The short usage: one line per command, and how to see a command's options. */
  private static void appendCommandList(StringBuilder sb, JCommander jc, Map<String, Command> commands) {
    sb.append("Usage: systrument COMMAND [options]    (systrument = java -jar systrument-cli.jar)\n\nCommands:\n");
    commands.forEach((name, command) -> sb.append(String.format("  %-16s %s%n", name, jc.getUsageFormatter().getCommandDescription(name))));
    sb.append("\nRun 'systrument help COMMAND' for a command's options.\n");
  }

  /**
   * JCommander wants {@code --name value}; users also write {@code --name=value}, and {@code --env}
   * alone (meaning "redacted"). Both are rewritten here, before {@code --}; what follows {@code --}
   * (record's command) is passed on untouched.
   */
  static String[] normalize(String[] args) {
    java.util.List<String> out = new ArrayList<>();
    boolean options = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!options) {
        out.add(a);
        continue;
      }
      if (a.equals("--")) {
        options = false;
        out.add(a);
      } else if (a.startsWith("--") && a.indexOf('=') > 2) {
        out.add(a.substring(0, a.indexOf('=')));
        out.add(a.substring(a.indexOf('=') + 1));
      } else if (a.equals("--env")
          && (i + 1 == args.length || !java.util.Set.of("redacted", "none", "all").contains(args[i + 1]))) {
        out.add(a);
        out.add("redacted");
      } else {
        out.add(a);
      }
    }
    return out.toArray(new String[0]);
  }
}
