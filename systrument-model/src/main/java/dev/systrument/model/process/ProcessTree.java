package dev.systrument.model.process;

import dev.systrument.model.TimeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
  private final TimeKind timeKind;

  /** A tree of processes whose timestamps are wall-clock times ({@link TimeKind#EPOCH}). */
  public ProcessTree(List<ProcessNode> processes) {
    this(processes, TimeKind.EPOCH);
  }

  /**
   * @param timeKind how the log's timestamps were obtained; for {@link TimeKind#NONE} the times
   *     in the nodes are synthetic (they order events but are not times to show)
   */
  public ProcessTree(List<ProcessNode> processes, TimeKind timeKind) {
    this.timeKind = Objects.requireNonNull(timeKind, "timeKind");
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

  /**
   * How the timestamps in this tree were obtained (the first event's {@link
   * dev.systrument.model.TraceEvent#timeKind()}). When {@link TimeKind#NONE} the log had no
   * timestamps: {@code startNs}/{@code endNs}/exec times only order things and should be shown as
   * unknown ({@code null} in {@code tree --json}).
   */
  public TimeKind timeKind() {
    return timeKind;
  }

  /** All processes, in order of first appearance. */
  public List<ProcessNode> processes() {
    return processes;
  }

  /**
   * Every successful exec of every process, in the order the execs happened: "which programs ran",
   * e.g. {@code tree.execs().stream().map(ExecImage::executableName).toList()}.
   */
  public List<ExecImage> execs() {
    List<ExecImage> all = new ArrayList<>();
    for (ProcessNode p : processes) {
      all.addAll(p.execs());
    }
    all.sort(java.util.Comparator.comparingLong(ExecImage::timestampNs));
    return all;
  }

  /** The programs that ran (each exec's {@link ExecImage#executableName()}), in the order they ran. */
  public List<String> programs() {
    return execs().stream().map(ExecImage::executableName).toList();
  }

  /** Processes whose spawn is not in the log. */
  public List<ProcessNode> roots() {
    return processes.stream().filter(ProcessNode::isRoot).toList();
  }

  /** Direct children, in order of first appearance. */
  public List<ProcessNode> children(ProcessNode parent) {
    return List.copyOf(childrenByKey.getOrDefault(parent.processKey(), List.of()));
  }

  /**
   * The image {@code p} runs before its first exec: the one its parent ran when it spawned {@code
   * p} (a forked child runs its parent's image until it execs), found the same way for a parent
   * that had not exec'd either; null for a root or when no ancestor's image is known. Not the
   * parent's last image: {@code bash -c 'nonexistent_cmd; /bin/true'} forks a child that runs
   * {@code bash}, then execs {@code true} itself. The exporters apply the same rule as they
   * stream, taking the parent's current image when the child appears.
   */
  public ExecImage inheritedImage(ProcessNode p) {
    long at = p.startNs();
    for (ProcessNode parent = byKey(p.parentKey()); parent != null; parent = byKey(parent.parentKey())) {
      ExecImage image = parent.imageAt(at);
      if (image != null) {
        return image;
      }
      at = parent.startNs();
    }
    return null;
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
