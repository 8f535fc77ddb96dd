package dev.systrument.model.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systrument.model.Arguments;
import dev.systrument.model.DiagnosticEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ProcessListener order contract, roots, untimed logs, and what the hot path leaves alone. */
class ListenerContractTest {
  private final Recorder recorder = new Recorder();
  private final ProcessTracker tracker = new ProcessTracker(recorder);

  @Test
  void callbacksFollowTheOrderContract() {
    Events log = new Events();
    log.execveOk(19501, 1, "/usr/bin/bash", "bash", "-c", "ls");
    log.clone(19501, 2, 19502, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
    log.execveEnoent(19502, 3, "/usr/local/bin/ls", "ls");
    log.execveOk(19502, 4, "/usr/bin/ls", "ls");
    log.exitGroup(19502, 5, 0);
    log.exited(19502, 6, 0);
    log.sigchld(19501, 7, 19502);
    log.exitGroup(19501, 8, 0);
    log.exited(19501, 9, 0);
    log.feed(tracker);
    tracker.finish();

    assertThat(recorder.calls())
        .containsExactly(
            "processStarted 19501/19501 spawn=?",
            "exec 19501/19501 /usr/bin/bash by 19501",
            "event 19501/19501 execve",
            "processStarted 19502/19502 spawn=clone@19501",
            "event 19501/19501 clone",
            "execFailed 19502/19502 /usr/local/bin/ls ENOENT",
            "event 19502/19502 execve",
            "exec 19502/19502 /usr/bin/ls by 19502",
            "event 19502/19502 execve",
            "event 19502/19502 exit_group",
            "event 19502/19502 +++exited 0",
            "taskEnded 19502/19502 exit 0",
            "processEnded 19502/19502 exit 0",
            "event 19501/19501 ---SIGCHLD",
            "event 19501/19501 exit_group",
            "event 19501/19501 +++exited 0",
            "taskEnded 19501/19501 exit 0",
            "processEnded 19501/19501 exit 0",
            "finished 2");
  }

  @Test
  void compositeListenerForwardsEveryCallInOrderToEachListener() {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    ProcessTracker composite = new ProcessTracker(ProcessListener.composite(List.of(first, second)));
    Events log = new Events();
    log.execveOk(1, 1, "/bin/sh", "sh");
    log.other(2, 3, "getpid");
    log.vfork(1, 2, 2);
    log.clone3(2, 4, 3, "CLONE_VM", "CLONE_THREAD");
    log.execveEnoent(2, 5, "/nope", "nope");
    log.exited(3, 6, 0);
    log.killed(2, 7, "SIGKILL", false);
    log.feed(composite);
    log.feed(tracker);
    composite.finish();
    tracker.finish();

    assertThat(first.calls()).isNotEmpty().isEqualTo(second.calls()).isEqualTo(recorder.calls());
    assertThat(first.finishedTree.processes()).isEqualTo(second.finishedTree.processes());
  }

  @Test
  void tasksWhoseSpawnIsNotInTheLogAreRoots() {
    // strace -p 900 -p 950: attached, never spawned in the log, no execve either.
    Events log = new Events();
    log.diagnostic(900, 1, DiagnosticEvent.Kind.ATTACHED, "strace: Process 900 attached");
    log.diagnostic(950, 2, DiagnosticEvent.Kind.ATTACHED, "strace: Process 950 attached");
    log.other(900, 3, "read");
    log.fork(950, 4, 951);
    log.exited(951, 5, 0);
    log.feed(tracker);
    tracker.finish();

    ProcessTree tree = recorder.finishedTree;
    assertThat(tree.roots()).extracting(ProcessNode::pid).containsExactly(900, 950);
    assertThat(tree.byPid(951).get(0).parentPid()).isEqualTo(950);
    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(900, 950, 951);
    assertThat(tree.byPid(900).get(0).startNs()).isEqualTo(Events.ns(1));
  }

  @Test
  void aTaskHoldingTooManyEventsBecomesARootWithoutWaitingForTheEnd() {
    Events log = new Events();
    for (int i = 0; i < ProcessTracker.MAX_HELD_EVENTS; i++) {
      log.other(42, i + 1, "read");
    }
    List<TraceEvent> events = log.all();
    for (int i = 0; i < events.size() - 1; i++) {
      tracker.accept(events.get(i));
    }
    assertThat(recorder.calls()).isEmpty();

    tracker.accept(events.get(events.size() - 1));

    assertThat(recorder.calls().get(0)).isEqualTo("processStarted 42/42 spawn=?");
    assertThat(recorder.only("event")).hasSize(ProcessTracker.MAX_HELD_EVENTS);
    assertThat(tracker.snapshot().roots()).extracting(ProcessNode::pid).containsExactly(42);
  }

  @Test
  void untimedLogsWorkAndSayTheirTimesAreSynthetic() {
    // strace -f -o FILE (format E): the reader numbers records 1 µs apart and flags them NONE.
    Events log = new Events(TimeKind.NONE);
    log.execveOk(19599, 1, "/usr/bin/bash", "bash");
    log.other(19600, 3, "set_robust_list");
    log.clone(19599, 2, 19600, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
    log.execveOk(19600, 4, "/usr/bin/tr", "tr", "a-z", "A-Z");
    log.exited(19600, 5, 0);
    log.exited(19599, 6, 0);
    log.feed(tracker);
    tracker.finish();

    ProcessTree tree = recorder.finishedTree;
    assertThat(tree.timeKind()).isEqualTo(TimeKind.NONE);
    assertThat(tree.processes()).extracting(ProcessNode::pid).containsExactly(19599, 19600);
    ProcessNode tr = tree.byPid(19600).get(0);
    assertThat(tr.startNs()).isLessThan(tr.execs().get(0).timestampNs());
    assertThat(tr.execs().get(0).timestampNs()).isLessThan(tr.endNs());
  }

  @Test
  void timedLogsSayTheirTimesAreRealAndAnEmptyLogIsUntimed() {
    Events log = new Events(TimeKind.EPOCH);
    log.execveOk(1, 1, "/bin/true", "true");
    log.feed(tracker);
    assertThat(tracker.snapshot().timeKind()).isEqualTo(TimeKind.EPOCH);

    ProcessTracker empty = new ProcessTracker();
    empty.finish();
    assertThat(empty.snapshot().timeKind()).isEqualTo(TimeKind.NONE);
    assertThat(empty.snapshot().processes()).isEmpty();
  }

  @Test
  void argumentsOfOrdinarySyscallsAndExitsAreNeverDecoded() {
    AtomicInteger decodes = new AtomicInteger();
    Events log = new Events();
    log.execveOk(1, 1, "/bin/cat", "cat", "/etc/hostname");
    List<Arguments> lazy = new java.util.ArrayList<>();
    for (String text : List.of("AT_FDCWD, \"/etc/hostname\", O_RDONLY", "3, \"host\\n\", 131072", "3")) {
      Arguments args =
          Arguments.lazy(
              text.getBytes(StandardCharsets.UTF_8),
              bytes -> {
                decodes.incrementAndGet();
                return List.of();
              });
      lazy.add(args);
      log.syscall(1, 2, "openat", args, SyscallResult.of(3));
    }
    Arguments exitArgs = Arguments.lazy("0".getBytes(StandardCharsets.UTF_8), bytes -> {
      decodes.incrementAndGet();
      return List.of();
    });
    log.syscall(1, 3, "exit_group", exitArgs, SyscallResult.UNKNOWN);
    log.exited(1, 4, 0);
    log.feed(tracker);
    tracker.finish();

    assertThat(decodes.get()).isZero();
    assertThat(lazy).noneMatch(Arguments::isDecoded);
    assertThat(exitArgs.isDecoded()).isFalse();
    assertThat(recorder.finishedTree.processes().get(0).exit()).isEqualTo(new ExitStatus.Exited(0));
  }

  @Test
  void eventsNamingNoTaskReachTheListenerWithoutOne() {
    Events log = new Events();
    log.diagnostic(0, 1, DiagnosticEvent.Kind.OTHER, "strace: ptrace(PTRACE_SEIZE, 1): Operation not permitted");
    log.feed(tracker);
    tracker.finish();

    assertThat(recorder.calls()).containsExactly("event null strace:OTHER", "finished 0");
  }

  @Test
  void finishIsFinal() {
    tracker.finish();
    tracker.finish();

    assertThat(recorder.calls()).containsExactly("finished 0");
    Events log = new Events();
    TraceEvent late = log.other(1, 1, "read");
    assertThatThrownBy(() -> tracker.accept(late)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void taskKeysFollowFirstAppearanceAndDifferFromTids() {
    Events log = new Events();
    log.execveOk(5000, 1, "/bin/sh", "sh");
    log.clone3(5000, 2, 5001, "CLONE_VM", "CLONE_THREAD");
    log.fork(5000, 3, 5002);
    List<Task> tasks = new java.util.ArrayList<>();
    ProcessTracker t =
        new ProcessTracker(
            new ProcessListener() {
              @Override
              public void processStarted(Task leader, Spawn spawn, long timestampNs) {
                tasks.add(leader);
              }

              @Override
              public void threadStarted(Task thread, Spawn spawn, long timestampNs) {
                tasks.add(thread);
              }
            });
    log.feed(t);

    assertThat(tasks).extracting(Task::taskKey).containsExactly(1L, 2L, 3L);
    assertThat(tasks).extracting(Task::isLeader).containsExactly(true, false, true);
    assertThat(tasks.get(1).processKey()).isEqualTo(tasks.get(0).processKey());
    assertThat(tasks.get(2).processKey()).isNotEqualTo(tasks.get(0).processKey());
  }

  @Test
  void manyWaitingTasksTogetherHoldABoundedNumberOfEvents() {
    // strace -f -p of a process with many threads: none of them has a spawn in the log.
    int perTask = ProcessTracker.MAX_HELD_EVENTS - 1;
    int tasks = ProcessTracker.MAX_HELD_EVENTS_TOTAL / perTask + 1;
    Events log = new Events();
    for (int i = 0; i < perTask; i++) {
      for (int t = 0; t < tasks; t++) {
        log.other(100 + t, i, "futex");
      }
    }
    log.feed(tracker);

    // The first task to wait was made a root once the total went over the limit; nobody else yet.
    assertThat(recorder.only("processStarted")).containsExactly("processStarted 100/100 spawn=?");
    tracker.finish();
    assertThat(recorder.finishedTree.roots()).hasSize(tasks);
    assertThat(recorder.only("event")).hasSize(perTask * tasks);
  }
}
