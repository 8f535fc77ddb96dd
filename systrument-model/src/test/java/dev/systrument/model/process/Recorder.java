package dev.systrument.model.process;

import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.ExitEvent;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/** Records every listener callback as one line of text, for asserting order. */
final class Recorder implements ProcessListener {
  final List<String> calls = new ArrayList<>();
  ProcessTree finishedTree;

  List<String> calls() {
    return List.copyOf(calls);
  }

  /** The recorded lines that start with one of the prefixes, in order. */
  List<String> only(String... prefixes) {
    List<String> out = new ArrayList<>();
    for (String c : calls) {
      for (String p : prefixes) {
        if (c.startsWith(p + " ")) {
          out.add(c);
          break;
        }
      }
    }
    return out;
  }

  private static String spawn(Spawn spawn) {
    return spawn == null ? "spawn=?" : "spawn=" + spawn.call().name() + "@" + spawn.caller().tid();
  }

  private static String task(Task t) {
    return t.pid() + "/" + t.tid();
  }

  @Override
  public void processStarted(Task leader, Spawn spawn, long timestampNs) {
    calls.add("processStarted " + task(leader) + " " + spawn(spawn));
  }

  @Override
  public void threadStarted(Task thread, Spawn spawn, long timestampNs) {
    calls.add("threadStarted " + task(thread) + " " + spawn(spawn));
  }

  @Override
  public void parentFound(Task child, Spawn spawn) {
    calls.add("parentFound " + task(child) + " " + spawn(spawn));
  }

  @Override
  public void exec(Task leader, ExecImage image) {
    calls.add("exec " + task(leader) + " " + image.path().text() + " by " + image.tid());
  }

  @Override
  public void execFailed(Task task, ExecAttempt attempt) {
    calls.add("execFailed " + task(task) + " " + attempt.path().text() + " " + attempt.errno());
  }

  @Override
  public void event(Task task, TraceEvent event) {
    calls.add("event " + (task == null ? "null" : task(task)) + " " + describe(event));
  }

  @Override
  public void taskEnded(Task task, ExitStatus status, long timestampNs) {
    calls.add("taskEnded " + task(task) + " " + status.describe());
  }

  @Override
  public void processEnded(Task leader, ExitStatus status, long timestampNs) {
    calls.add("processEnded " + task(leader) + " " + status.describe());
  }

  @Override
  public void finished(ProcessTree tree) {
    calls.add("finished " + tree.processes().size());
    finishedTree = tree;
  }

  static String describe(TraceEvent event) {
    if (event instanceof SyscallEvent s) {
      return s.name();
    }
    if (event instanceof ExitEvent e) {
      return "+++exited " + e.code();
    }
    if (event instanceof KilledEvent k) {
      return "+++killed " + k.signal();
    }
    if (event instanceof SupersededEvent x) {
      return "+++superseded " + x.formerPid();
    }
    if (event instanceof SignalEvent g) {
      return "---" + g.signal();
    }
    if (event instanceof DiagnosticEvent d) {
      return "strace:" + d.kind();
    }
    return event.toString();
  }
}
