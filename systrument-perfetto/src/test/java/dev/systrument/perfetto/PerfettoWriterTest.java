package dev.systrument.perfetto;

import static dev.systrument.perfetto.Scenarios.ns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.Redaction;
import dev.systrument.perfetto.DecodedTrace.Slice;
import dev.systrument.perfetto.proto.TracePacket;
import dev.systrument.perfetto.proto.TrackEvent;
import dev.systrument.perfetto.proto.TrackDescriptor;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import dev.systrument.model.Arguments;
import dev.systrument.model.KilledEvent;
import dev.systrument.model.SignalEvent;
import dev.systrument.model.SupersededEvent;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.TimeKind;
import dev.systrument.model.process.ExecImage;
import dev.systrument.model.process.ExitStatus;
import dev.systrument.model.process.ProcessListener;
import dev.systrument.model.process.Spawn;
import dev.systrument.model.process.Task;
import org.junit.jupiter.api.Test;

class PerfettoWriterTest {

  private static DecodedTrace decode(PerfettoOptions options, Consumer<ProcessListener> scenario) {
    byte[] bytes = Scenarios.write(options, scenario);
    DecodedTrace trace = DecodedTrace.decode(bytes);
    assertThat(trace.nestingErrors).isEmpty();
    PftraceValidator.assertStrictlyValid(bytes);
    return trace;
  }

  @Test
  void processAndThreadTracks() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);

    assertThat(t.processTracks()).extracting(d -> d.getProcess().getPid()).containsExactly(19534, 19535, 19536);
    // Latest descriptor of each process: named after the current image; the subshell inherits bash.
    assertThat(t.processTrack(19534).getProcess().getProcessName()).isEqualTo("bash");
    assertThat(t.processTrack(19535).getProcess().getProcessName()).isEqualTo("bash");
    assertThat(t.processTrack(19536).getProcess().getProcessName()).isEqualTo("tr");
    assertThat(t.processTrack(19536).getProcess().getCmdlineList()).containsExactly("tr", "a-z", "A-Z");
    // The tr child was described as bash (forked) first, then re-described at its exec.
    assertThat(t.descriptorHistory.stream()
            .filter(d -> d.hasProcess() && d.getProcess().getPid() == 19536)
            .map(d -> d.getProcess().getProcessName()))
        .containsExactly("bash", "tr");

    assertThat(t.threadTracks()).extracting(d -> d.getThread().getTid()).containsExactly(19534, 19535, 19536);
    for (TrackDescriptor thread : t.threadTracks()) {
      TrackDescriptor process = t.tracks.get(thread.getParentUuid());
      assertThat(process.getProcess().getPid()).isEqualTo(thread.getThread().getPid());
    }
    assertThat(t.tracks.get(t.threadTrack(19536)).getThread().getThreadName()).isEqualTo("tr");
  }

  @Test
  void parentsGoToTheProcessTree() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);

    // Roots get no entry (ppid 0 would make them children of the idle task); children do, with
    // the executable name first (it becomes process.name in the trace processor).
    assertThat(t.processTree).noneMatch(p -> p.getPid() == 19534);
    assertThat(t.processTree).allMatch(p -> p.getPpid() == 19534 && p.getCmdlineCount() > 0);
    assertThat(t.processTree.stream().filter(p -> p.getPid() == 19536).map(p -> p.getCmdline(0)))
        .containsExactly("bash", "tr");
  }

  @Test
  void execPhasesWithPathArgvAndRedactedEnv() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);

    Slice bash = t.only("bash", t.threadTrack(19534));
    assertThat(bash.category()).isEqualTo("exec");
    assertThat(bash.depth).isZero();
    assertThat(bash.tsNs).isEqualTo(ns("1795658719.429269"));
    assertThat(bash.endNs).isEqualTo(ns("1795658719.512430"));
    assertThat(bash.args)
        .containsEntry("path", "/usr/bin/bash")
        .containsEntry("argv[0]", "bash")
        .containsEntry("argv[2]", "echo hi | tr a-z A-Z | wc -c; ls / >/dev/null")
        .containsEntry("env.HOME", "/tmp/corpushome")
        .containsEntry("env.GITHUB_TOKEN", Redaction.REDACTED)
        .containsEntry("exit", "exit 0");

    // The execve slice nests inside the phase it starts.
    Slice execve = t.only("execve", t.threadTrack(19534));
    assertThat(execve.depth).isEqualTo(1);
    assertThat(execve.tsNs).isEqualTo(bash.tsNs);
    assertThat(execve.args.get("arg2")).contains("GITHUB_TOKEN=<redacted>").doesNotContain("ghp_corpussecret");

    Slice tr = t.only("tr", t.threadTrack(19536));
    assertThat(tr.tsNs).isEqualTo(ns("1795658719.476596"));
    assertThat(tr.endNs).isEqualTo(ns("1795658719.487068"));
    // The subshell never execs: no phase.
    assertThat(t.slicesOn(t.threadTrack(19535))).noneMatch(s -> s.categories.contains("exec"));
  }

  @Test
  void envPolicies() {
    DecodedTrace none = decode(PerfettoOptions.DEFAULTS.withRedaction(Redaction.DEFAULT.withEnv(Redaction.Env.NONE)), Scenarios::pipeline);
    Slice bash = none.only("bash", none.threadTrack(19534));
    assertThat(bash.args.keySet()).noneMatch(k -> k.startsWith("env"));
    assertThat(none.only("execve", none.threadTrack(19534)).args.get("arg2")).isEqualTo("[/* 5 vars, not exported */]");

    DecodedTrace all = decode(PerfettoOptions.DEFAULTS.withRedaction(Redaction.DEFAULT.withEnv(Redaction.Env.ALL)), Scenarios::pipeline);
    assertThat(all.only("bash", all.threadTrack(19534)).args).containsEntry("env.GITHUB_TOKEN", "ghp_corpussecret");
  }

  /**
   * An exec whose argv carries secrets: every place that shows argv (exec slice, process
   * descriptor and process tree cmdline, the execve slice's arguments, its log message) hides
   * them; no byte of the trace holds them. {@code --no-redact} shows them (so the check can fail).
   */
  @Test
  void argvSecretsAreHiddenEverywhereTheTraceShowsArgv() {
    List<String> argv = List.of("curl", "-u", "me:PLANTEDpw1", "-H", "Authorization: Bearer PLANTEDtok2",
        "https://ci:PLANTEDpw3@example.com/x");
    List<String> env = List.of("HOME=/root", "DATABASE_URL=postgres://u:PLANTEDpw4@db/app", "GITHUB_TOKEN=PLANTEDtok5");
    Consumer<ProcessListener> scenario = l -> {
      // 300 1700000000.000100 execve("/usr/bin/curl", ["curl", "-u", "me:...", ...], [...]) = 0 <0.000200>
      SyscallEvent exec = StraceEvents.execve(300, "1700000000.000100", "/usr/bin/curl", argv, env, StraceEvents.ok(0), "0.000200");
      Task curl = new Task(1, 1, 300, 300);
      Task child = new Task(2, 2, 301, 301);
      l.processStarted(curl, null, exec.timestampNs());
      l.exec(curl, StraceEvents.image(exec));
      l.event(curl, exec);
      SyscallEvent clone = StraceEvents.call(300, "1700000000.000300", "clone", List.of(), StraceEvents.ok(301), "0.000010");
      l.event(curl, clone);
      l.processStarted(child, new Spawn(curl, 1, 300, clone), clone.timestampNs());
      l.processEnded(child, new ExitStatus.Exited(0), Scenarios.ns("1700000000.000400"));
      l.processEnded(curl, new ExitStatus.Exited(0), Scenarios.ns("1700000000.000500"));
    };
    PerfettoOptions options = PerfettoOptions.DEFAULTS.withLogs(true);

    byte[] bytes = Scenarios.write(options, scenario);
    DecodedTrace t = decode(options, scenario);

    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("PLANTED").contains("me:<redacted>").contains("https://ci:<redacted>@example.com/x");
    Slice phase = t.only("curl", t.threadTrack(300));
    assertThat(phase.args).containsEntry("argv[2]", "me:<redacted>").containsEntry("argv[4]", "Authorization: Bearer <redacted>")
        .containsEntry("env.DATABASE_URL", "postgres://u:<redacted>@db/app").containsEntry("env.GITHUB_TOKEN", "<redacted>");
    assertThat(t.processTrack(300).getProcess().getCmdlineList())
        .containsExactly("curl", "-u", "me:<redacted>", "-H", "Authorization: Bearer <redacted>", "https://ci:<redacted>@example.com/x");
    assertThat(t.processTree).as("the child inherits the redacted command line")
        .anySatisfy(p -> assertThat(p.getCmdlineList()).contains("me:<redacted>"));
    assertThat(t.only("execve", t.threadTrack(300)).args.get("arg1")).isEqualTo(
        "[curl, -u, me:<redacted>, -H, Authorization: Bearer <redacted>, https://ci:<redacted>@example.com/x]");
    assertThat(t.logs).anySatisfy(log -> assertThat(log.body()).startsWith("300 execve(").contains("\"me:<redacted>\""));

    byte[] plain = Scenarios.write(options.withRedaction(Redaction.OFF), scenario);
    assertThat(new String(plain, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("PLANTEDpw1", "PLANTEDtok2", "PLANTEDpw3", "PLANTEDpw4", "PLANTEDtok5");
  }

  @Test
  void pathsAndErrorMessagesAreWrittenOnceAndReferredToByIid() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);
    List<String> strings = t.internedDefinitions.get("debug_annotation_string_values");
    assertThat(strings).contains("No such file or directory", "/etc/ld.so.cache").doesNotHaveDuplicates();
    // the cache's path shows on two slices (openat's result, mmap's fd), defined once
    assertThat(t.slices).filteredOn(s -> s.args.containsValue("/etc/ld.so.cache")).hasSizeGreaterThanOrEqualTo(2);
    // a failed call's message is a reference, and it resolves to the text (DecodedTrace)
    List<TrackEvent> failed = t.slices.stream().filter(s -> s.category().equals("syscall,failed")).map(s -> s.begin).toList();
    assertThat(failed).isNotEmpty().allSatisfy(e -> assertThat(e.getDebugAnnotationsList())
        .anySatisfy(a -> assertThat(a.hasStringValueIid()).isTrue()));
    assertThat(t.slices).filteredOn(s -> s.category().equals("syscall,failed"))
        .allSatisfy(s -> assertThat(s.args.get("errno.message")).isNotEmpty());
    // short values stay inline: a reference would be no shorter
    assertThat(strings).noneMatch(v -> v.length() < StringValues.MIN_LENGTH);
  }

  @Test
  void syscallSlicesWithArgumentsResultsAndErrors() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);
    long bash = t.threadTrack(19534);

    Slice access = t.only("access", bash);
    assertThat(access.category()).isEqualTo("syscall,failed");
    assertThat(access.tsNs).isEqualTo(ns("1795658719.430183"));
    assertThat(access.endNs - access.tsNs).isEqualTo(37_000);
    assertThat(access.args)
        .containsEntry("arg0", "/etc/ld.so.preload")
        .containsEntry("arg1", "R_OK")
        .containsEntry("ret", "-1")
        .containsEntry("errno.name", "ENOENT")
        .containsEntry("errno.message", "No such file or directory");

    Slice openat = t.only("openat", bash);
    assertThat(openat.category()).isEqualTo("syscall");
    assertThat(openat.args)
        .containsEntry("arg0", "AT_FDCWD")
        .containsEntry("arg2", "O_RDONLY|O_CLOEXEC")
        .containsEntry("ret", "3")
        .containsEntry("fd.path", "/tmp/corpuswork")
        .containsEntry("fd.path_2", "/etc/ld.so.cache")
        .doesNotContainKey("errno.name");

    Slice mmap = t.only("mmap", bash);
    assertThat(mmap.args).containsEntry("arg4", "3").containsEntry("fd.path", "/etc/ld.so.cache")
        .containsEntry("ret", "0x7f96502cc000");

    // Named arguments keep their names.
    Slice clone = t.slicesOn(bash).stream().filter(s -> "clone".equals(s.name)).findFirst().orElseThrow();
    assertThat(clone.args).containsEntry("flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD").containsEntry("ret", "19535");

    // exit_group never returns: "= ?".
    Slice exitGroup = t.only("exit_group", t.threadTrack(19535));
    assertThat(exitGroup.args).containsEntry("ret", "?");
    assertThat(exitGroup.endNs).isEqualTo(exitGroup.tsNs);
  }

  @Test
  void overlappingSlicesAreClampedNotMisnested() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);
    long bash = t.threadTrack(19534);
    List<Slice> clones = t.slicesOn(bash).stream().filter(s -> "clone".equals(s.name)).toList();
    Slice mask = t.only("rt_sigprocmask", bash);
    // It started 1 µs before the second clone returned: it now starts where the clone ends, and
    // keeps its end.
    assertThat(mask.tsNs).isEqualTo(clones.get(1).endNs);
    assertThat(mask.endNs).isEqualTo(ns("1795658719.474021") + 8_000);
    assertThat(mask.depth).isEqualTo(1);
    assertThat(mask.args).containsEntry("start_moved_ns", "1000");
    assertThat(clones.get(1).args).doesNotContainKey("start_moved_ns");
  }

  /**
   * The log's times put the child's first event before the call that spawned it (untimed logs,
   * {@code -r} across {@code -ff} files): an arrow would point back in time, and the trace
   * processor drops a terminating flow it meets before the start. None is written, and the parent
   * stays on the process track.
   */
  @Test
  void noFlowBackwardsInTime() {
    DecodedTrace trace = decode(PerfettoOptions.DEFAULTS, l -> {
      SyscallEvent pyExec = StraceEvents.execve(20482, "1795658730.129371", "/usr/bin/python3", List.of("python3"),
          List.of(), StraceEvents.ok(0), "0.000352");
      l.processStarted(Scenarios.PYTHON, null, pyExec.timestampNs());
      l.exec(Scenarios.PYTHON, StraceEvents.image(pyExec));
      l.event(Scenarios.PYTHON, pyExec);
      SyscallEvent vfork = StraceEvents.call(20482, "1795658730.230839", "vfork", List.of(), StraceEvents.ok(20483), "0.007210");
      SyscallEvent getpid = StraceEvents.call(20483, "1795658730.200000", "getpid", List.of(), StraceEvents.ok(20483), "0.000001");
      l.processStarted(Scenarios.TRUE, null, getpid.timestampNs()); // its lines first, their times before the vfork
      l.parentFound(Scenarios.TRUE, new Spawn(Scenarios.PYTHON, 1, 20482, vfork));
      l.event(Scenarios.PYTHON, vfork);
      l.event(Scenarios.TRUE, getpid);
    });
    assertThat(trace.flows).isEmpty();
    assertThat(trace.processTrack(20483).getProcess().getPid()).isEqualTo(20483);
  }

  @Test
  void flowsFromSpawnCallsToChildrenInBothOrders() {
    DecodedTrace pipeline = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);
    assertThat(pipeline.flows).hasSize(2);
    assertThat(pipeline.flows).allMatch(f -> "clone".equals(f.from().name) && f.from().track == pipeline.threadTrack(19534));
    Map<Long, String> firstByTrack =
        pipeline.flows.stream().collect(Collectors.toMap(f -> f.to().track, f -> f.to().name));
    // The subshell's first slice is a syscall; tr's is its exec phase (exec comes before the execve event).
    assertThat(firstByTrack).containsEntry(pipeline.threadTrack(19535), "set_robust_list")
        .containsEntry(pipeline.threadTrack(19536), "tr");

    // vfork child seen before the parent's vfork line.
    DecodedTrace pyspawn = decode(PerfettoOptions.DEFAULTS, Scenarios::pyspawn);
    assertThat(pyspawn.flows).hasSize(1);
    DecodedTrace.Flow flow = pyspawn.flows.get(0);
    assertThat(flow.from().name).isEqualTo("vfork");
    assertThat(flow.to().track).isEqualTo(pyspawn.threadTrack(20483));
    assertThat(flow.to().name).isEqualTo("execve");
    assertThat(flow.to().args).containsEntry("arg0", "/usr/local/sbin/true");
    // Described with its parent once known (still running python's image), then at its exec.
    assertThat(pyspawn.processTree).allMatch(p -> p.getPid() == 20483 && p.getPpid() == 20482)
        .extracting(p -> p.getCmdline(0)).containsExactly("python3", "true");
    assertThat(pyspawn.processTrack(20483).getProcess().getProcessName()).isEqualTo("true");

    DecodedTrace threads = decode(PerfettoOptions.DEFAULTS, Scenarios::cthreads);
    assertThat(threads.flows).singleElement().satisfies(f -> {
      assertThat(f.from().name).isEqualTo("clone3");
      assertThat(f.to().track).isEqualTo(threads.threadTrack(20048));
      assertThat(f.to().name).isEqualTo("exited");
    });
  }

  @Test
  void signalsAndExitsAreInstants() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::pipeline);
    Slice sigchld = t.only("SIGCHLD", t.threadTrack(19534));
    assertThat(sigchld.instant).isTrue();
    assertThat(sigchld.category()).isEqualTo("signal");
    assertThat(sigchld.args).containsEntry("si_code", "CLD_EXITED").containsEntry("si_pid", "19535");

    Slice exit = t.only("exited", t.threadTrack(19536));
    assertThat(exit.instant).isTrue();
    assertThat(exit.args).containsEntry("code", "0");
    assertThat(exit.tsNs).isEqualTo(ns("1795658719.487068"));
  }

  @Test
  void threadsHaveTheirOwnTracksInTheirProcess() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS, Scenarios::cthreads);
    assertThat(t.processTracks()).hasSize(1);
    assertThat(t.threadTracks()).extracting(d -> d.getThread().getTid()).containsExactly(20046, 20048);
    assertThat(t.tracks.get(t.threadTrack(20048)).getThread().getPid()).isEqualTo(20046);
    assertThat(t.tracks.get(t.threadTrack(20048)).getParentUuid()).isEqualTo(t.processTrack(20046).getUuid());
    Slice futex = t.only("futex", t.threadTrack(20046));
    assertThat(futex.endNs - futex.tsNs).isEqualTo(2_993_000);
    assertThat(futex.depth).isEqualTo(1); // inside the cthreads phase
  }

  @Test
  void namesCategoriesAndAnnotationKeysAreInternedOnce() {
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, Scenarios::pipeline);
    DecodedTrace t = DecodedTrace.decode(bytes);
    for (Map.Entry<String, List<String>> table : t.internedDefinitions.entrySet()) {
      assertThat(table.getValue()).as(table.getKey()).doesNotHaveDuplicates();
    }
    assertThat(t.internedDefinitions.get("event_names")).contains("openat", "clone", "bash", "tr", "SIGCHLD");
    assertThat(t.internedDefinitions.get("event_categories")).contains("syscall", "failed", "exec", "signal", "exit");
    // Every track event refers to its name by iid (slice ends and counter values have none).
    assertThat(t.packets.stream().filter(TracePacket::hasTrackEvent).map(TracePacket::getTrackEvent))
        .filteredOn(e -> e.getType() != dev.systrument.perfetto.proto.TrackEvent.Type.TYPE_SLICE_END
            && e.getType() != dev.systrument.perfetto.proto.TrackEvent.Type.TYPE_COUNTER)
        .allMatch(e -> e.hasNameIid() && !e.hasName());
    TracePacket first = t.packets.get(0);
    assertThat(first.getSequenceFlags()).isEqualTo(TracePacket.SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED_VALUE);
    assertThat(t.packets).allMatch(p -> p.getTrustedPacketSequenceId() == PacketStream.SEQUENCE_ID);
    assertThat(t.packets).noneMatch(p -> p.hasTimestampClockId() || p.hasClockSnapshot());
  }

  @Test
  void noSyscallsKeepsProcessesExecsSpawnsAndFlows() {
    PerfettoOptions options = PerfettoOptions.DEFAULTS.withSyscalls(false);
    DecodedTrace t = decode(options, Scenarios::pipeline);
    assertThat(t.slicesInCategory("syscall")).extracting(s -> s.name).containsExactly("clone", "clone");
    assertThat(t.slicesInCategory("exec")).extracting(s -> s.name).containsExactly("bash", "tr");
    assertThat(t.flows).hasSize(2);
    assertThat(t.processTracks()).hasSize(3);

    DecodedTrace py = decode(options, Scenarios::pyspawn);
    assertThat(py.flows).singleElement().satisfies(f -> {
      assertThat(f.from().name).isEqualTo("vfork");
      assertThat(f.to().name).isEqualTo("true"); // the child's exec phase is now its first slice
    });
  }

  @Test
  void logsPutEveryRecordOnItsThread() {
    DecodedTrace t = decode(PerfettoOptions.DEFAULTS.withLogs(true), Scenarios::pipeline);
    List<DecodedTrace.Log> bashLogs = t.logs.stream().filter(l -> l.track() == t.threadTrack(19534)).toList();
    assertThat(bashLogs).extracting(DecodedTrace.Log::body).anyMatch(b ->
        b.startsWith("19534 access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or directory) <0.000037000>"));
    assertThat(t.logs).extracting(DecodedTrace.Log::body)
        .contains("19535 +++ exited with 0 +++")
        .noneMatch(b -> b.contains("ghp_corpussecret"))
        .anyMatch(b -> b.startsWith("19534 execve(") && b.contains("GITHUB_TOKEN=<redacted>"));
    // A failed call logs as a warning.
    assertThat(bashLogs).filteredOn(l -> l.body().contains("ENOENT")).allMatch(l -> l.prio() == 5);
    // Logs ride on the events' own slices: no extra instants.
    assertThat(t.slices).noneMatch(s -> "strace".equals(s.name));
    // 17 records in the scenario.
    assertThat(t.logs).hasSize(17);

    DecodedTrace quiet = decode(PerfettoOptions.DEFAULTS.withLogs(true).withSyscalls(false), Scenarios::pipeline);
    assertThat(quiet.logs).hasSize(17);
    assertThat(quiet.slices).filteredOn(s -> "strace".equals(s.name)).allMatch(s -> s.instant && s.category().equals("log"));
  }

  @Test
  void statsCountWhatWasWritten() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PerfettoWriter writer = new PerfettoWriter(out, PerfettoOptions.DEFAULTS.withLogs(true));
    Scenarios.pipeline(writer);
    writer.close();
    DecodedTrace t = DecodedTrace.decode(out.toByteArray());
    PerfettoWriter.Stats stats = writer.stats();
    assertThat(stats.processTracks()).isEqualTo(t.processTracks().size()).isEqualTo(3);
    assertThat(stats.threadTracks()).isEqualTo(t.threadTracks().size()).isEqualTo(3);
    assertThat(stats.syscallSlices()).isEqualTo(t.slicesInCategory("syscall").size()).isEqualTo(13);
    assertThat(stats.execSlices()).isEqualTo(t.slicesInCategory("exec").size()).isEqualTo(2);
    assertThat(stats.flows()).isEqualTo(t.flows.size()).isEqualTo(2);
    assertThat(stats.instants()).isEqualTo(t.slices.stream().filter(s -> s.instant).count()).isEqualTo(4);
    assertThat(stats.logMessages()).isEqualTo(t.logs.size());
  }

  @Test
  void anEmptyInputIsAValidTrace() {
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, l -> l.finished(new dev.systrument.model.process.ProcessTree(List.of())));
    DecodedTrace t = DecodedTrace.decode(bytes);
    assertThat(t.packets).hasSize(1);
    PftraceValidator.assertStrictlyValid(bytes);
  }

  @Test
  void aReusedPidGetsANewProcessTrack() {
    // Two identities of pid 300 (processKeys 2 and 3), both forked by 100.
    Task parent = new Task(1, 1, 100, 100);
    Task first = new Task(2, 2, 300, 300);
    Task second = new Task(3, 3, 300, 300);
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, l -> {
      l.processStarted(parent, null, ns("1.000001"));
      for (Task child : List.of(first, second)) {
        SyscallEvent fork = StraceEvents.call(100, child == first ? "1.000010" : "1.000100", "fork", List.of(), StraceEvents.ok(300), "0.000005");
        l.processStarted(child, new Spawn(parent, 1, 100, fork), fork.endTimestampNs());
        l.event(parent, fork);
        Scenarios.end(l, child, StraceEvents.exited(300, child == first ? "1.000050" : "1.000150", 0));
      }
      Scenarios.end(l, parent, StraceEvents.exited(100, "1.000200", 0));
      l.finished(new dev.systrument.model.process.ProcessTree(List.of()));
    });
    DecodedTrace t = DecodedTrace.decode(bytes);
    assertThat(t.nestingErrors).isEmpty();
    assertThat(t.processTracks()).extracting(d -> d.getProcess().getPid()).containsExactly(100, 300, 300);
    assertThat(t.processTracks().stream().map(TrackDescriptor::getUuid).distinct()).hasSize(3);
    assertThat(t.flows).hasSize(2);
    // The validator flags reuse as a warning (the trace processor then creates separate processes);
    // nothing else may be reported.
    PftraceValidator.Report report = PftraceValidator.validate(bytes);
    assertThat(report.valid()).as("%s", report).isTrue();
    assertThat(report.codes(PftraceValidator.Severity.WARNING)).as("%s", report).containsExactlyInAnyOrder("pid_reuse", "tid_reuse");
  }

  /**
   * The tracker reports a record that started before its task's end but arrives after it (an
   * unfinished call flushed at the end; a log concatenated with itself, its second copy past the
   * reorder window) with the ended task. The writer had forgotten the task's track cursor, so
   * such a slice was drawn over the task's earlier slices and BEGIN/END stopped nesting (found by
   * PipelineFuzzTest).
   */
  @Test
  void aRecordArrivingAfterItsTaskEndedStillNestsOnItsTrack() {
    Task task = new Task(1, 1, 5, 5);
    SyscallEvent read = StraceEvents.call(5, "1.000200", "read", List.of(StraceEvents.num(0)), StraceEvents.ok(3), "0.000756");
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, l -> {
      l.processStarted(task, null, ns("1.000100"));
      l.event(task, read);
      Scenarios.end(l, task, StraceEvents.exited(5, "1.001000", 0));
      l.event(task, read); // the same call again, late
      l.finished(new dev.systrument.model.process.ProcessTree(List.of()));
    });

    DecodedTrace t = DecodedTrace.decode(bytes);
    assertThat(t.nestingErrors).isEmpty();
    assertThat(t.slicesInCategory("syscall")).extracting(s -> s.tsNs, s -> s.depth).containsExactly(
        org.assertj.core.groups.Tuple.tuple(ns("1.000200"), 0),
        org.assertj.core.groups.Tuple.tuple(ns("1.000956"), 0)); // moved to where the track's last slice ended
  }

  @Test
  void closeWithoutFinishedStillEndsEverySlice() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PerfettoWriter writer = new PerfettoWriter(out);
    SyscallEvent exec = StraceEvents.execve(7, "2.0", "/bin/sleep", List.of("sleep", "9"), List.of(), StraceEvents.ok(0), "0.000100");
    writer.processStarted(new Task(1, 1, 7, 7), null, exec.timestampNs());
    writer.exec(new Task(1, 1, 7, 7), StraceEvents.image(exec));
    writer.event(new Task(1, 1, 7, 7), exec);
    writer.close();
    DecodedTrace t = DecodedTrace.decode(out.toByteArray());
    assertThat(t.nestingErrors).isEmpty();
    assertThat(t.only("sleep", t.threadTrack(7)).args).containsEntry("exit", "?");
    PftraceValidator.assertStrictlyValid(out.toByteArray());
  }

  @Test
  void killsStopsDetachesAndSupersedingExecs() {
    Task leader = new Task(1, 1, 500, 500);
    Task thread = new Task(2, 1, 500, 501);
    Task victim = new Task(3, 2, 502, 502);
    byte[] bytes = Scenarios.write(PerfettoOptions.DEFAULTS, l -> {
      SyscallEvent exec = StraceEvents.execve(500, "5.000000", "/usr/bin/app", List.of("app"), List.of(), StraceEvents.ok(0), "0.000100");
      l.processStarted(leader, null, exec.timestampNs());
      l.exec(leader, StraceEvents.image(exec));
      l.event(leader, exec);
      SyscallEvent clone3 = StraceEvents.call(500, "5.000200", "clone3", List.of(), StraceEvents.ok(501), "0.000010");
      l.threadStarted(thread, new Spawn(leader, 1, 500, clone3), clone3.endTimestampNs());
      l.event(leader, clone3);
      SyscallEvent fork = StraceEvents.call(500, "5.000300", "fork", List.of(), StraceEvents.ok(502), "0.000010");
      l.processStarted(victim, new Spawn(leader, 1, 500, fork), fork.endTimestampNs());
      l.event(leader, fork);
      // 502 5.000400 --- stopped by SIGSTOP ---
      l.event(victim, new SignalEvent(502, ns("5.000400"), TimeKind.EPOCH, "", StraceEvents.LOG, "SIGSTOP", Arguments.empty(), true));
      // 502 5.000500 read(0, <detached ...>
      l.event(victim, new SyscallEvent(502, ns("5.000500"), TimeKind.EPOCH, "", StraceEvents.LOG, "read", Arguments.of("0, ", List.of(StraceEvents.num(0))),
          SyscallResult.NONE, SyscallEvent.NO_DURATION, SyscallEvent.NO_TIMESTAMP, SyscallEvent.Completion.DETACHED, List.of()));
      // 502 5.000600 +++ killed by SIGSEGV (core dumped) +++
      l.event(victim, new KilledEvent(502, ns("5.000600"), TimeKind.EPOCH, "", StraceEvents.LOG, "SIGSEGV", true));
      l.taskEnded(victim, new ExitStatus.Killed("SIGSEGV", true), ns("5.000600"));
      l.processEnded(victim, new ExitStatus.Killed("SIGSEGV", true), ns("5.000600"));
      // 501 5.000700 execve("/usr/bin/next", ["next"], []) <unfinished ...>
      // 500 5.000800 +++ superseded by execve in pid 501 +++
      // 500 5.000900 <... execve resumed>) = 0
      l.event(leader, new SupersededEvent(500, ns("5.000800"), TimeKind.EPOCH, "", StraceEvents.LOG, 501));
      l.taskEnded(thread, ExitStatus.UNKNOWN, ns("5.000800"));
      SyscallEvent next = StraceEvents.execve(500, "5.000700", "/usr/bin/next", List.of("next"), List.of(), StraceEvents.ok(0), "0.000200");
      l.exec(leader, new ExecImage(StraceEvents.str("/usr/bin/next"), List.of(StraceEvents.str("next")), List.of(), true, next.timestampNs(), 501));
      l.event(leader, next);
      Scenarios.end(l, leader, StraceEvents.exited(500, "5.001000", 3));
      l.finished(new dev.systrument.model.process.ProcessTree(List.of()));
    });
    DecodedTrace t = DecodedTrace.decode(bytes);
    assertThat(t.nestingErrors).isEmpty();
    PftraceValidator.assertStrictlyValid(bytes);

    long victimTrack = t.threadTrack(502);
    assertThat(t.only("SIGSTOP", victimTrack).args).containsEntry("stopped", "true");
    assertThat(t.only("read", victimTrack).args).containsEntry("completion", "detached");
    assertThat(t.only("killed", victimTrack).args).containsEntry("signal", "SIGSEGV").containsEntry("core_dumped", "true");

    long main = t.threadTrack(500);
    assertThat(t.only("superseded by execve", main).args).containsEntry("former_pid", "501");
    assertThat(t.slicesInCategory("exec")).extracting(s -> s.name).containsExactly("app", "next");
    assertThat(t.only("app", main).endNs).isEqualTo(ns("5.000700"));
    Slice nextPhase = t.only("next", main);
    assertThat(nextPhase.tsNs).isEqualTo(ns("5.000700"));
    assertThat(nextPhase.args).containsEntry("exit", "exit 3");
    assertThat(t.processTrack(500).getProcess().getProcessName()).isEqualTo("next");
    // No exit instant for the thread that vanished in the exec.
    assertThat(t.slicesOn(t.threadTrack(501))).noneMatch(s -> s.categories.contains("exit"));
  }
}
