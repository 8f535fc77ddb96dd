package dev.systrument.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments after a subcommand's name, read once against the options the subcommand declares
 * before JCommander parses them. JCommander alone cannot give the behaviour users know from other
 * tools: it takes an unknown option for an input file ({@code tree --help} said "no such file:
 * --help"), it checks required options before anything else ({@code strace2perfetto --help} said
 * "-o is required"), and it reads options anywhere, so {@code record make -j8} would take
 * {@code -j8} as an option of record.
 *
 * <p>Reading the declared options here, for every command alike: {@code -h} or {@code --help}
 * anywhere among the options asks for help; an option the command does not declare is an error
 * naming it; an option's values are skipped by its arity, so {@code --header -h} passes {@code
 * -h} on as the header. For a {@link Command.Wrapping} command (record) options end at the first
 * argument that is not an option, or at {@code --}, as in env, nice and strace: that argument and
 * all after it are the wrapped command line, passed on verbatim (JCommander would trim them and
 * strip their double quotes).
 */
sealed interface SubcommandArguments {

  /** {@code -h} or {@code --help} was given. */
  record HelpAsked() implements SubcommandArguments {}

  /** An option the command does not declare, as typed (without {@code =value}). */
  record UnknownOption(String option) implements SubcommandArguments {}

  /**
   * @param forJCommander the options (and, for commands that are not wrappers, the operands) in
   *     the form JCommander parses: {@code --name=value} split in two, a bare {@code --env} given
   *     its value
   * @param wrappedCommand for a {@link Command.Wrapping} command, the command line to run (empty
   *     when none was given); empty for the others
   */
  record Parsed(List<String> forJCommander, List<String> wrappedCommand) implements SubcommandArguments {}

  /**
   * Options whose value may be left out, with the value that then applies and the values that
   * are taken as theirs: bare {@code --env} means {@code redacted}, and {@code --env all} is the
   * value {@code all}, while {@code --env build.strace} is {@code --env} alone and then an input.
   */
  Map<String, OptionalValue> OPTIONAL_VALUES = Map.of("--env", new OptionalValue("redacted", Set.of("redacted", "none", "all")));

  record OptionalValue(String implied, Set<String> values) {}

  static SubcommandArguments read(List<String> args, JCommander command, boolean wrapping) {
    Map<String, Integer> arityByName = new HashMap<>();
    for (ParameterDescription d : command.getParameters()) {
      for (String name : d.getParameter().names()) {
        arityByName.put(name, arity(d));
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        return wrapping ? new Parsed(out, args.subList(i + 1, args.size())) : new Parsed(concat(out, args.subList(i, args.size())), List.of());
      }
      if (a.equals("-h") || a.equals("--help")) {
        return new HelpAsked();
      }
      if (!a.startsWith("-") || a.equals("-")) {
        if (wrapping) {
          return new Parsed(out, args.subList(i, args.size()));
        }
        out.add(a);
        continue;
      }
      int eq = a.startsWith("--") ? a.indexOf('=') : -1;
      String name = eq > 2 ? a.substring(0, eq) : a;
      Integer arity = arityByName.get(name);
      if (arity == null) {
        return new UnknownOption(name);
      }
      out.add(name);
      if (eq > 2) {
        out.add(a.substring(eq + 1));
        continue;
      }
      OptionalValue optional = OPTIONAL_VALUES.get(name);
      if (optional != null && (i + 1 == args.size() || !optional.values().contains(args.get(i + 1)))) {
        out.add(optional.implied());
        continue;
      }
      for (int k = 0; k < arity && i + 1 < args.size(); k++) {
        out.add(args.get(++i));
      }
    }
    return new Parsed(out, List.of());
  }

  /** How many arguments after the option's name are its values, as JCommander counts them. */
  private static int arity(ParameterDescription d) {
    if (d.getParameter().arity() >= 0) {
      return d.getParameter().arity();
    }
    Class<?> type = d.getParameterized().getType();
    return type == boolean.class || type == Boolean.class ? 0 : 1;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
