package dev.systrument.parser;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * Whose lines are the ones without a pid prefix. strace prints no prefix while it traces a single
 * task: always without {@code -f} ({@code strace -o ls.strace -ttt -T ls /}), in a stderr capture
 * until the first child exists and again once only one task is left, and in a {@code -ff} member.
 * Such a log names its task's pid nowhere on its lines, so it is learnt from, in order:
 *
 * <ol>
 *   <li>the {@code -ff} member's file suffix ({@code trace.19599}), given at construction;
 *   <li>strace's own {@code strace: Process 19599 attached} before the first record
 *       ({@code strace -p 19599}, stderr capture);
 *   <li>the first time the task shows up with a {@code [pid 19599]} prefix that no
 *       {@code attached} line announced (a stderr capture gains prefixes once a child exists, and
 *       strace announces every child, never the first task);
 *   <li>the result of the task's own {@code set_tid_address(0x7f5b3725fa10) = 19599} (glibc calls
 *       it at start and it returns the caller's tid), {@code gettid()} or {@code getpid()};
 *   <li>an announced child's {@code getppid() = 19599};
 *   <li>else nothing: the reader gives up waiting and uses {@link TraceEvent#UNKNOWN_PID}.
 * </ol>
 *
 * Until the pid is known the unprefixed lines get pid {@link #NOT_YET} and the reader patches
 * them when it learns it. Once prefixes have appeared, an unprefixed line belongs to the only live
 * task, if there is exactly one ({@link #NOBODY} otherwise: the reader reports it).
 *
 * <p>Live tasks are counted from what the log shows: the first task, every task announced by
 * {@code attached} or seen in a prefix, less those that exited, were killed, were superseded or
 * detached.
 */
final class UnprefixedTask {
  /** The pid of an unprefixed line while the first task's pid is not known. */
  static final int NOT_YET = 0;
  /** The pid of an unprefixed line that cannot be told: several tasks are live. */
  static final int NOBODY = -1;

  private final int filePid;
  private int pid = NOT_YET;
  private boolean recordSeen;
  private boolean prefixSeen;
  /** {@code strace: Process N attached} before the first record: the first of them. */
  private int attachedFirst = NOT_YET;
  private final Set<Integer> announced = new HashSet<>();
  /** Live tasks (the value is only a mark: no allocation per task). */
  private final PidTable<Boolean> live = new PidTable<>();
  private int lastPrefixed = NOT_YET;

  /** @param filePid the {@code -ff} member's suffix, or a negative number when there is none */
  UnprefixedTask(int filePid) {
    this.filePid = filePid;
  }

  /** The first task's pid, or {@link #NOT_YET}. */
  int pid() {
    return pid;
  }

  boolean prefixSeen() {
    return prefixSeen;
  }

  /**
   * A record line (not a strace message) with a prefix ({@code prefixPid}) or without one
   * ({@code prefixPid} {@link FramedLine#NO_PID}): returns the pid learnt by this line, or
   * {@link #NOT_YET} if it taught nothing.
   */
  int record(int prefixPid, boolean bracket) {
    boolean first = !recordSeen;
    recordSeen = true;
    if (prefixPid == FramedLine.NO_PID) {
      if (first && pid == NOT_YET) {
        if (filePid > 0) {
          return learn(filePid);
        }
        if (attachedFirst != NOT_YET) {
          return learn(attachedFirst);
        }
      }
      return NOT_YET;
    }
    prefixSeen = true;
    if (prefixPid != lastPrefixed) {
      lastPrefixed = prefixPid;
      live.put(prefixPid, Boolean.TRUE);
    }
    if (pid == NOT_YET) {
      if (first && attachedFirst != NOT_YET) {
        // `strace -f -p N`: the attached process is the first task even when its threads
        // ("attached with 3 threads") print first
        return learn(attachedFirst);
      }
      if (bracket && !announced.contains(prefixPid)) {
        return learn(prefixPid);
      }
    }
    return NOT_YET;
  }

  /** The pid for a line without a prefix: the first task's, the only live task's, or {@link #NOBODY}. */
  int ownerOfUnprefixed() {
    if (!prefixSeen) {
      return pid;
    }
    return live.size() == 1 ? live.anyKey(NOBODY) : NOBODY;
  }

  /** How many tasks the log shows running. */
  int liveTasks() {
    return live.size();
  }

  /** {@code strace: Process N attached}. */
  void attached(int tid) {
    announced.add(tid);
    live.put(tid, Boolean.TRUE);
    if (!recordSeen && attachedFirst == NOT_YET) {
      attachedFirst = tid;
    }
  }

  /** The task exited, was killed, detached, or its tid was superseded by an exec. */
  void ended(int tid) {
    live.remove(tid);
    if (lastPrefixed == tid) {
      lastPrefixed = NOT_YET;
    }
  }

  /**
   * What a delivered call tells about the first task's pid (4. and 5. above): the pid learnt, or
   * {@link #NOT_YET}.
   */
  int evidence(SyscallEvent call) {
    if (pid != NOT_YET || call.completion() != SyscallEvent.Completion.COMPLETE || !call.result().known()) {
      return NOT_YET;
    }
    long result = call.result().value();
    if (result <= 0 || result >= TraceEvent.UNKNOWN_PID) {
      return NOT_YET;
    }
    String name = call.name();
    boolean own = call.pid() == NOT_YET
        && (name.equals("set_tid_address") || name.equals("gettid") || name.equals("getpid"));
    boolean child = call.pid() > 0 && name.equals("getppid") && announced.contains(call.pid());
    return own || child ? learn((int) result) : NOT_YET;
  }

  /** No evidence came (or will come): the first task gets {@link TraceEvent#UNKNOWN_PID}. */
  int giveUp() {
    return pid != NOT_YET ? NOT_YET : learn(TraceEvent.UNKNOWN_PID);
  }

  private int learn(int tid) {
    pid = tid;
    live.put(tid, Boolean.TRUE);
    return tid;
  }
}
