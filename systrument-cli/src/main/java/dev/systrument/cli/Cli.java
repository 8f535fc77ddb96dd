package dev.systrument.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
    commands.put("stats", new StatsCommand());
    commands.put("files", new FilesCommand());
    commands.put("strace2perfetto", new PerfettoCommand());
    commands.put("strace2json", new JsonCommand());
    commands.put("strace2otel", new OtelCommand());
    commands.put("record", new RecordCommand());
    commands.put("version", new VersionCommand());

    JCommander.Builder builder = JCommander.newBuilder().programName("systrument");
    commands.forEach((name, command) -> builder.addCommand(name, command));
    JCommander jc = builder.build();
    if (args.length == 0) {
      context.err().print(commandList(jc, commands));
      return ExitCode.USAGE;
    }
    if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      if (args.length == 1) {
        context.out().print(commandList(jc, commands));
        return ExitCode.OK;
      }
      if (!commands.containsKey(args[1])) {
        context.err().println("systrument: no such command: " + args[1]);
        context.err().print(commandList(jc, commands));
        return ExitCode.USAGE;
      }
      context.out().print(usage(jc, args[1]));
      return ExitCode.OK;
    }
    String name = args[0].equals("--version") ? "version" : args[0];
    Command command = commands.get(name);
    if (command == null) {
      context.err().println("systrument: no such command: " + name);
      context.err().print(commandList(jc, commands));
      return ExitCode.USAGE;
    }
    SubcommandArguments arguments = SubcommandArguments.read(
        Arrays.asList(args).subList(1, args.length), jc.getCommands().get(name), command instanceof Command.Wrapping);
    if (arguments instanceof SubcommandArguments.HelpAsked) {
      context.out().print(usage(jc, name));
      return ExitCode.OK;
    }
    if (arguments instanceof SubcommandArguments.UnknownOption unknown) {
      context.err().println("systrument " + name + ": unknown option " + unknown.option());
      context.err().println("see 'systrument " + name + " --help'");
      return ExitCode.USAGE;
    }
    SubcommandArguments.Parsed parsed = (SubcommandArguments.Parsed) arguments;
    List<String> jcommanderArgs = new ArrayList<>();
    jcommanderArgs.add(name);
    jcommanderArgs.addAll(parsed.forJCommander());
    try {
      jc.parse(jcommanderArgs.toArray(new String[0]));
    } catch (ParameterException e) {
      // The message alone ("Main parameters are required") does not say what to type: show the
      // usage of the command.
      context.err().println("systrument " + name + ": " + e.getMessage());
      context.err().print(usage(jc, name));
      return ExitCode.USAGE;
    }
    if (command instanceof Command.Wrapping wrapping) {
      wrapping.wrap(parsed.wrappedCommand());
    }
    try {
      return command.run(context);
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
  private static String commandList(JCommander jc, Map<String, Command> commands) {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: systrument COMMAND [options]    (systrument = java -jar systrument-cli.jar)\n\nCommands:\n");
    commands.forEach((name, command) -> sb.append(String.format("  %-16s %s%n", name, jc.getUsageFormatter().getCommandDescription(name))));
    sb.append("\nRun 'systrument COMMAND --help' (or 'systrument help COMMAND') for a command's options.\n");
    return sb.toString();
  }

  /** A command's usage, as JCommander lays it out, with the options every command has. */
  private static String usage(JCommander jc, String name) {
    StringBuilder sb = new StringBuilder();
    jc.getUsageFormatter().usage(name, sb);
    sb.append("    -h, --help\n      Show this help\n");
    return sb.toString();
  }
}
