package dev.systrument.model.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable snapshot of every process identity seen, in order of first appearance.
 *
 * <p>Typical test-harness use: {@code tree.processes().stream().flatMap(p -> p.execs().stream())}
 * to assert which programs ran.
 */
public final class ProcessTree {
  private final List<ProcessNode> processes;
  private final Map<Long, ProcessNode> byKey;
  private final Map<Long, List<ProcessNode>> childrenByKey;

  public ProcessTree(List<ProcessNode> processes) {
    this.processes = List.copyOf(processes);
    this.byKey = new HashMap<>();
    this.childrenByKey = new HashMap<>();
    for (ProcessNode p : this.processes) {
      byKey.put(p.processKey(), p);
    }
    for (ProcessNode p : this.processes) {
      if (p.parentKey() != 0) {
        childrenByKey.computeIfAbsent(p.parentKey(), k -> new ArrayList<>()).add(p);
      }
    }
  }

  /** All processes, in order of first appearance. */
  public List<ProcessNode> processes() {
    return processes;
  }

  /** Processes whose spawn is not in the log. */
  public List<ProcessNode> roots() {
    return processes.stream().filter(ProcessNode::isRoot).toList();
  }

  /** Direct children, in order of first appearance. */
  public List<ProcessNode> children(ProcessNode parent) {
    return List.copyOf(childrenByKey.getOrDefault(parent.processKey(), List.of()));
  }

  /** The process with that key, or null. */
  public ProcessNode byKey(long processKey) {
    return byKey.get(processKey);
  }

  /** Every identity that had this pid (more than one when the pid was reused). */
  public List<ProcessNode> byPid(int pid) {
    return processes.stream().filter(p -> p.pid() == pid).toList();
  }
}
