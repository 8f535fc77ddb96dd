package dev.systrument.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.systrument.model.TraceEvent;
import dev.systrument.model.files.Access;
import dev.systrument.model.files.FileAccessCollector;
import dev.systrument.model.files.FileAccesses;
import dev.systrument.model.files.PathAccess;
import dev.systrument.model.process.ProcessNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code files FILE [--written] [--read] [--missing] [--under DIR] [--program NAME] [--json]}: every
 * path the traced programs touched, resolved to an absolute path, with what was done to it
 * (docs/files.md). The resolution is the model's ({@link FileAccessCollector}).
 */
@Parameters(commandDescription = "List every path a strace log's programs touched, and how (read, written, missing...)")
final class FilesCommand implements Command {
  @Parameter(description = "FILE (- for stdin)", required = true, arity = 1)
  List<String> inputs;

  @Parameter(names = "--json", description = "Print the JSON form (docs/files.md) instead of text")
  boolean json;

  @Parameter(names = "--written", description = "Only paths written, created, deleted or renamed")
  boolean written;

  @Parameter(names = "--read", description = "Only paths read or executed")
  boolean read;

  @Parameter(names = "--missing", description = "Only paths looked up and not found (ENOENT, ENOTDIR)")
  boolean missing;

  @Parameter(names = "--under", description = "Only paths at or below DIR")
  String under;

  @Parameter(names = "--program", description = "Only paths touched by this program (exec name, e.g. gcc)")
  String program;

  @Parameter(
      names = "--cwd",
      description = "The directory the traced command started in, for logs without -y where relative paths would stay relative")
  String cwd;

  @ParametersDelegate InputOptions input = new InputOptions();

  @ParametersDelegate RedactionFlags redaction = new RedactionFlags();

  @Override
  public int run(CliContext context) throws Exception {
    FileAccessCollector collector = new FileAccessCollector(cwd == null ? null : context.resolve(cwd));
    LogConversion.Result result = new LogConversion(context, input, false).problemsShownWith(redaction.redaction())
        .framingOnAThreadOfItsOwn(true).run(inputs.get(0), List.of(collector));
    FileAccesses all = collector.accesses();
    FileAccesses shown = all.filter(selection(context));
    boolean timed = result.tree().timeKind() != dev.systrument.model.TimeKind.NONE;
    if (json) {
      context.out().println(json(shown, timed));
    } else {
      context.out().print(text(shown, timed, start(result)));
      context.err().println(summary(all, shown) + "\n" + LogConversion.describe(result));
    }
    return result.summary().problems() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;
  }

  private Predicate<PathAccess> selection(CliContext context) {
    Predicate<PathAccess> kinds = written || read || missing
        ? a -> (written && a.modified()) || (read && a.consumed()) || (missing && a.has(Access.MISSING))
        : a -> true;
    Predicate<PathAccess> selected = kinds;
    if (under != null) {
      Path dir = context.resolve(under).normalize();
      selected = selected.and(a -> a.isUnder(dir));
    }
    if (program != null) {
      selected = selected.and(a -> a.programs().contains(program));
    }
    return selected;
  }

  private static long start(LogConversion.Result result) {
    return result.tree().processes().stream().mapToLong(ProcessNode::startNs)
        .filter(t -> t != TraceEvent.NO_TIMESTAMP).min().orElse(0);
  }

  static String text(FileAccesses files, boolean timed, long startNs) {
    TextTable table = timed
        ? new TextTable("path", "access", "programs", "pids", ">first", ">last")
        : new TextTable("path", "access", "programs", "pids");
    for (PathAccess a : files.paths()) {
      String accesses = String.join(",", a.accesses().stream().map(Access::label).toList());
      String programs = abbreviated(a.programs());
      String pids = abbreviated(a.pids().stream().map(String::valueOf).toList());
      if (timed) {
        table.row(a.path(), accesses, programs, pids, "+" + TreeText.formatDuration(a.firstNs() - startNs),
            "+" + TreeText.formatDuration(a.lastNs() - startNs));
      } else {
        table.row(a.path(), accesses, programs, pids);
      }
    }
    StringBuilder sb = new StringBuilder();
    if (!table.isEmpty()) {
      table.appendTo(sb, "");
    }
    return sb.toString();
  }

  /** {@code gcc,cc1,as,+2}: the first three, then how many more. */
  private static String abbreviated(List<String> values) {
    if (values.size() <= 3) {
      return String.join(",", values);
    }
    return String.join(",", values.subList(0, 3)) + ",+" + (values.size() - 3);
  }

  private static String summary(FileAccesses all, FileAccesses shown) {
    StringBuilder sb = new StringBuilder();
    sb.append(shown.paths().size()).append(" of ").append(all.paths().size()).append(" paths shown");
    Map<Access, Long> counts = all.counts();
    if (!counts.isEmpty()) {
      sb.append(" (all: ");
      boolean first = true;
      for (Map.Entry<Access, Long> e : counts.entrySet()) {
        sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().label());
        first = false;
      }
      sb.append(')');
    }
    if (all.unresolvedRelative() > 0) {
      sb.append("; ").append(all.unresolvedRelative())
          .append(" calls relative to a directory descriptor of unknown path not listed (docs/files.md)");
    }
    long relative = all.paths().stream().filter(a -> !a.path().isAbsolute()).count();
    if (relative > 0) {
      sb.append("; ").append(relative).append(" paths stay relative: the traced command's starting directory is not in the log (give --cwd)");
    }
    return sb.toString();
  }

  static String json(FileAccesses files, boolean timed) {
    JsonOut json = new JsonOut().beginObject().field("version", 1).beginArray("paths");
    for (PathAccess a : files.paths()) {
      json.beginObject().field("path", a.path().toString()).field("absolute", a.path().isAbsolute());
      StatsJson.strings(json.beginArray("accesses"), a.accesses().stream().map(Access::label).toList()).endArray();
      StatsJson.strings(json.beginArray("programs"), a.programs()).endArray();
      json.beginArray("pids");
      for (int pid : a.pids()) {
        json.value(pid);
      }
      json.endArray();
      json.known("firstNs", timed ? a.firstNs() : -1).known("lastNs", timed ? a.lastNs() : -1).endObject();
    }
    json.endArray().field("unresolvedRelative", files.unresolvedRelative());
    return json.endObject().toString();
  }
}
