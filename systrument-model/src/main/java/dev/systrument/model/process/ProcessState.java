package dev.systrument.model.process;

import dev.systrument.model.SyscallEvent;
import dev.systrument.model.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/** The tracker's mutable state for one process identity (thread group). */
final class ProcessState {
  final long processKey;
  final int pid;
  final TaskState leader;
  long parentKey;
  int parentPid;

  /** Non-leader threads, in the order they joined. */
  final List<TaskState> threads = new ArrayList<>();
  final List<ExecImage> execs = new ArrayList<>();
  final List<ExecAttempt> failedExecs = new ArrayList<>();

  long endNs = TraceEvent.NO_TIMESTAMP;
  int liveTasks;
  /** processEnded was reported (at most once, even if a late thread joins afterwards). */
  boolean endReported;

  /**
   * Set by {@code +++ superseded by execve in pid N +++}: the leader's next successful execve is
   * the one thread N started.
   */
  Takeover takeover;

  /**
   * A superseding exec whose completion ({@code <... execve resumed>) = 0}, no arguments) came
   * before the exec'ing thread's own {@code execve(...)} record: credited when that record
   * arrives late, or at end of input.
   */
  AwaitedExec awaitedExec;

  /**
   * A failed execve of the leader while another thread of the group lived, not yet reported: a
   * thread's exec recorded with a status filter completes under the leader's pid with a result
   * that is not a success although the exec happened ({@code -1 ENOSYS (Function not
   * implemented)} from strace 7.x, {@code -1 (errno 18446744073709551595)} from 6.1). The reader
   * orders that call by its start, before the {@code superseded} line that proves it succeeded;
   * the line settles it as that thread's exec, anything later of the process as a failure.
   */
  DoubtfulExec doubtfulExec;

  ProcessState(long processKey, TaskState leader, long parentKey, int parentPid) {
    this.processKey = processKey;
    this.pid = leader.tid;
    this.leader = leader;
    this.parentKey = parentKey;
    this.parentPid = parentPid;
  }

  /**
   * A non-leader thread's exec took over the leader's pid.
   *
   * @param formerTid the thread that called execve
   * @param call its execve (unfinished: the result is printed under the leader's pid), or null
   * @param alreadyCredited the exec was already recorded from a completed call by that thread
   * @param atNs when the superseded line was printed: only an execve started by then completes it
   */
  record Takeover(int formerTid, SyscallEvent call, boolean alreadyCredited, long atNs) {}

  /** See {@link #doubtfulExec}; {@code started} is the call's first half when it came apart. */
  record DoubtfulExec(TaskState task, SyscallEvent call, SyscallEvent started) {}

  /** See {@link #awaitedExec}. */
  record AwaitedExec(int formerTid, SyscallEvent completion) {}
}
