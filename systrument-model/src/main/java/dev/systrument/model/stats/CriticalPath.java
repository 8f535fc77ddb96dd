package dev.systrument.model.stats;

import dev.systrument.model.TraceEvent;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ProcessNode;
import dev.systrument.model.process.ProcessTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes that determined when the trace ended. It starts at the root that ended last; in
 * each process, the child whose end it waited for last (the latest-ending child that ended before
 * it did: a child that outlived its parent was not waited for) is on the path, then, walking back
 * in time, the child that ended last before that one started, and so on: the children a parent ran
 * one after the other while it had nothing else to wait for (a {@code make} running {@code gcc -c}
 * then {@code gcc -o} then the tests). Each of those is expanded the same way.
 *
 * <p>For {@code sh -c 'sleep 0.2 & sleep 0.5; wait'} the path is {@code sh → sleep 0.5}: the
 * 0.2 s sleep ended before the 0.5 s one, which had started before it ended.
 */
final class CriticalPath {
  private CriticalPath() {}

  static List<CriticalLink> of(ProcessTree tree, boolean timed) {
    ProcessNode root = null;
    for (ProcessNode r : tree.roots()) {
      if (root == null || r.endNs() > root.endNs()) {
        root = r;
      }
    }
    List<CriticalLink> links = new ArrayList<>();
    if (root != null) {
      add(tree, root, 0, "?", timed, links);
    }
    return links;
  }

  private static void add(ProcessTree tree, ProcessNode p, int depth, String inherited, boolean timed, List<CriticalLink> links) {
    ExecImage image = p.execs().isEmpty() ? null : p.execs().get(p.execs().size() - 1);
    String program = image != null ? image.executableName() : "(" + inherited + ")";
    List<ProcessNode> waitedFor = waitedFor(tree, p);
    long own = -1;
    long duration = timed ? p.durationNs() : -1;
    if (duration >= 0) {
      own = duration;
      for (ProcessNode child : waitedFor) {
        own -= Math.max(0, child.endNs() - Math.max(child.startNs(), p.startNs()));
      }
      own = Math.max(0, own);
    }
    links.add(new CriticalLink(p.pid(), depth, program, image, p.startNs(), p.endNs(), duration, own));
    String name = image != null ? image.executableName() : inherited;
    for (ProcessNode child : waitedFor) {
      add(tree, child, depth + 1, name, timed, links);
    }
  }

  /** The children on the path, in the order they ran (the walk back from the end, reversed). */
  private static List<ProcessNode> waitedFor(ProcessTree tree, ProcessNode parent) {
    List<ProcessNode> children = tree.children(parent);
    List<ProcessNode> chain = new ArrayList<>();
    long limit = parent.endNs();
    while (limit != TraceEvent.NO_TIMESTAMP) {
      ProcessNode last = null;
      for (ProcessNode child : children) {
        long end = child.endNs();
        if (end != TraceEvent.NO_TIMESTAMP && end <= limit && !chain.contains(child) && (last == null || end > last.endNs())) {
          last = child;
        }
      }
      if (last == null) {
        break;
      }
      chain.add(0, last);
      limit = last.startNs();
    }
    return chain;
  }
}
