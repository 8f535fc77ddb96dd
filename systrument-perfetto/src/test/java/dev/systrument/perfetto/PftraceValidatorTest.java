package dev.systrument.perfetto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.systrument.perfetto.PftraceValidator.Report;
import dev.systrument.perfetto.PftraceValidator.Severity;
import dev.systrument.perfetto.proto.ClockSnapshot;
import dev.systrument.perfetto.proto.CounterDescriptor;
import dev.systrument.perfetto.proto.DebugAnnotation;
import dev.systrument.perfetto.proto.DebugAnnotationName;
import dev.systrument.perfetto.proto.EventName;
import dev.systrument.perfetto.proto.InternedData;
import dev.systrument.perfetto.proto.LogMessage;
import dev.systrument.perfetto.proto.LogMessageBody;
import dev.systrument.perfetto.proto.ProcessDescriptor;
import dev.systrument.perfetto.proto.ThreadDescriptor;
import dev.systrument.perfetto.proto.Trace;
import dev.systrument.perfetto.proto.TracePacket;
import dev.systrument.perfetto.proto.TrackDescriptor;
import dev.systrument.perfetto.proto.TrackEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The validator the other tests rely on, on hand-built traces: a valid one passes strictly, and
 * each deliberately broken one is reported under the rule it breaks (and only fails where it
 * should: a warning leaves the trace valid but not strictly).
 */
class PftraceValidatorTest {
  private static final int SEQ = 1;
  private static final long PROCESS = 10;
  private static final long THREAD = 11;
  private static final int CLEARED = TracePacket.SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED_VALUE;
  private static final int NEEDS = TracePacket.SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE_VALUE;

  /** Packets of a trace under construction; starts with a process, its thread and interned names. */
  private static final class Packets {
    final List<TracePacket> list = new ArrayList<>();

    Packets() {
      add(packet().setSequenceFlags(CLEARED).setInternedData(InternedData.newBuilder()
          .addEventNames(EventName.newBuilder().setIid(1).setName("read"))
          .addEventNames(EventName.newBuilder().setIid(2).setName("write"))
          .addDebugAnnotationNames(DebugAnnotationName.newBuilder().setIid(1).setName("fd"))
          .addLogMessageBody(LogMessageBody.newBuilder().setIid(1).setBody("hello"))));
      add(process(PROCESS, 100));
      add(thread(THREAD, PROCESS, 100, 100));
    }

    Packets add(TracePacket.Builder p) {
      list.add(p.build());
      return this;
    }

    Packets slice(long track, long begin, long end, long nameIid) {
      add(event(begin, track, TrackEvent.Type.TYPE_SLICE_BEGIN).setTrackEvent(
          TrackEvent.newBuilder().setType(TrackEvent.Type.TYPE_SLICE_BEGIN).setTrackUuid(track).setNameIid(nameIid)));
      return add(event(end, track, TrackEvent.Type.TYPE_SLICE_END));
    }

    byte[] bytes() {
      return Trace.newBuilder().addAllPacket(list).build().toByteArray();
    }

    Report validate() {
      return PftraceValidator.validate(bytes());
    }
  }

  private static TracePacket.Builder packet() {
    return TracePacket.newBuilder().setTrustedPacketSequenceId(SEQ);
  }

  private static TracePacket.Builder process(long uuid, int pid) {
    return packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(uuid)
        .setProcess(ProcessDescriptor.newBuilder().setPid(pid).setProcessName("p" + pid)));
  }

  private static TracePacket.Builder thread(long uuid, long parent, int pid, int tid) {
    return packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(uuid).setParentUuid(parent)
        .setThread(ThreadDescriptor.newBuilder().setPid(pid).setTid(tid).setThreadName("t" + tid)));
  }

  private static TracePacket.Builder event(long ts, long track, TrackEvent.Type type) {
    return packet().setTimestamp(ts).setSequenceFlags(NEEDS)
        .setTrackEvent(TrackEvent.newBuilder().setType(type).setTrackUuid(track));
  }

  private static TracePacket.Builder named(long ts, long track, TrackEvent.Type type, long nameIid) {
    return packet().setTimestamp(ts).setSequenceFlags(NEEDS)
        .setTrackEvent(TrackEvent.newBuilder().setType(type).setTrackUuid(track).setNameIid(nameIid));
  }

  /** An instant named x on {@code track}, with what {@code with} adds to its event. */
  private static TracePacket.Builder instant(long ts, long track, UnaryOperator<TrackEvent.Builder> with) {
    return packet().setTimestamp(ts).setSequenceFlags(NEEDS).setTrackEvent(with.apply(TrackEvent.newBuilder()
        .setType(TrackEvent.Type.TYPE_INSTANT).setTrackUuid(track).setName("x")));
  }

  private static void assertViolation(Report report, String code) {
    assertThat(report.codes(Severity.VIOLATION)).as("%s", report).contains(code);
    assertThat(report.valid()).isFalse();
    assertThat(report.strictlyValid()).isFalse();
  }

  private static void assertOnlyWarning(Report report, String code) {
    assertThat(report.codes(Severity.VIOLATION)).as("%s", report).isEmpty();
    assertThat(report.codes(Severity.WARNING)).as("%s", report).containsExactly(code);
    assertThat(report.valid()).isTrue();
    assertThat(report.strictlyValid()).isFalse();
  }

  @Test
  void aWellFormedTracePassesStrictly() {
    Packets t = new Packets();
    t.add(named(1_000, THREAD, TrackEvent.Type.TYPE_SLICE_BEGIN, 1).setTrackEvent(TrackEvent.newBuilder()
        .setType(TrackEvent.Type.TYPE_SLICE_BEGIN).setTrackUuid(THREAD).setNameIid(1).addFlowIds(7)
        .addDebugAnnotations(DebugAnnotation.newBuilder().setNameIid(1).setIntValue(3))));
    t.add(named(1_100, THREAD, TrackEvent.Type.TYPE_SLICE_BEGIN, 2));
    t.add(event(1_200, THREAD, TrackEvent.Type.TYPE_SLICE_END));
    t.add(event(1_300, THREAD, TrackEvent.Type.TYPE_SLICE_END));
    t.add(thread(12, PROCESS, 100, 101));
    t.add(instant(1_400, 12, e -> e.setName("started").addTerminatingFlowIds(7).setLogMessage(LogMessage.newBuilder().setBodyIid(1))));
    Report report = t.validate();
    assertThat(report.findings()).as("%s", report).isEmpty();
    assertThat(report.strictlyValid()).isTrue();
    PftraceValidator.assertStrictlyValid(t.bytes());
  }

  @Test
  void whatTheWriterWritesPassesAndAssertStrictlyValidNamesTheProblem() {
    PftraceValidator.assertStrictlyValid(Scenarios.write(PerfettoOptions.DEFAULTS.withLogs(true), Scenarios::pyspawn));
    byte[] broken = new Packets().add(event(5, THREAD, TrackEvent.Type.TYPE_SLICE_END)).bytes();
    assertThatThrownBy(() -> PftraceValidator.assertStrictlyValid(broken))
        .hasMessageContaining("slice_end_without_begin").hasMessageContaining("packet 3");
  }

  @Test
  void anEndWithoutBegin() {
    assertViolation(new Packets().slice(THREAD, 10, 20, 1).add(event(30, THREAD, TrackEvent.Type.TYPE_SLICE_END)).validate(),
        "slice_end_without_begin");
  }

  @Test
  void aSliceNeverEnded() {
    assertOnlyWarning(new Packets().add(named(10, THREAD, TrackEvent.Type.TYPE_SLICE_BEGIN, 1)).validate(), "slice_open_at_end");
  }

  @Test
  void overlappingSlicesOnOneTrack() {
    // read 10..30 and write 20..40 as the writer meant them; sorted by time, the END at 30 closes write.
    Packets t = new Packets().slice(THREAD, 10, 30, 1).slice(THREAD, 20, 40, 2);
    assertViolation(t.validate(), "slices_overlap");
  }

  @Test
  void aChildEndingAfterItsParent() {
    Packets t = new Packets();
    t.add(named(10, THREAD, TrackEvent.Type.TYPE_SLICE_BEGIN, 1));
    t.add(named(20, THREAD, TrackEvent.Type.TYPE_SLICE_BEGIN, 2));
    t.add(event(30, THREAD, TrackEvent.Type.TYPE_SLICE_END)); // meant for write
    t.add(event(25, THREAD, TrackEvent.Type.TYPE_SLICE_END)); // meant for read, but before write's end
    assertViolation(t.validate(), "slices_overlap");
  }

  @Test
  void anEndBeforeItsBegin() {
    assertViolation(new Packets().slice(THREAD, 50, 40, 1).validate(), "slice_ends_before_it_begins");
  }

  @Test
  void anEndNamingAnotherSlice() {
    Packets t = new Packets();
    t.add(named(10, THREAD, TrackEvent.Type.TYPE_SLICE_BEGIN, 1));
    t.add(named(20, THREAD, TrackEvent.Type.TYPE_SLICE_END, 2));
    assertViolation(t.validate(), "slice_end_misnested");
  }

  @Test
  void nestingDeeperThanTheSliceTrackerTakes() {
    Packets t = new Packets();
    for (int i = 0; i <= PftraceValidator.MAX_SLICE_DEPTH; i++) {
      t.add(named(10 + i, THREAD, TrackEvent.Type.TYPE_SLICE_BEGIN, 1));
    }
    assertViolation(t.validate(), "slice_max_depth_exceeded");
  }

  @Test
  void anUnknownTrackUuid() {
    assertViolation(new Packets().slice(99, 10, 20, 1).validate(), "unknown_track_uuid");
  }

  @Test
  void aTrackDeclaredOnlyAfterItsFirstEvent() {
    Packets t = new Packets().slice(12, 10, 20, 1).add(thread(12, PROCESS, 100, 101));
    assertOnlyWarning(t.validate(), "track_declared_after_use");
  }

  @Test
  void aMissingParentAndAParentLoop() {
    assertViolation(new Packets().add(thread(12, 55, 100, 101)).validate(), "track_parent_missing");
    Packets loop = new Packets();
    loop.add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(20).setParentUuid(21).setName("a")));
    loop.add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(21).setParentUuid(20).setName("b")));
    assertViolation(loop.validate(), "track_hierarchy_loop");
  }

  @Test
  void conflictingAndRenamedDescriptors() {
    assertViolation(new Packets().add(thread(THREAD, PROCESS, 100, 102)).validate(), "track_descriptor_conflict");
    Packets renamed = new Packets();
    renamed.add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(30).setName("a")));
    renamed.add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(30).setName("b")));
    assertOnlyWarning(renamed.validate(), "track_renamed");
    // The same descriptor again (a process renamed by exec is a new process_name, not a new track name) is fine.
    assertThat(new Packets().add(process(PROCESS, 100)).validate().findings()).isEmpty();
  }

  @Test
  void descriptorsWithoutTheirIds() {
    assertViolation(new Packets().add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setName("x"))).validate(),
        "track_descriptor_missing_uuid");
    assertViolation(new Packets().add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(40)
        .setThread(ThreadDescriptor.newBuilder().setTid(3)))).validate(), "thread_descriptor_missing_pid_tid");
    assertViolation(new Packets().add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(41)
        .setProcess(ProcessDescriptor.newBuilder().setProcessName("x")))).validate(), "process_descriptor_missing_pid");
  }

  @Test
  void aThreadWhosePidIsNotItsProcesses() {
    assertViolation(new Packets().add(thread(12, PROCESS, 200, 201)).validate(), "thread_pid_mismatch");
  }

  @Test
  void aThreadWithoutAProcessTrack() {
    assertOnlyWarning(new Packets().add(thread(12, 0, 300, 301)).validate(), "thread_without_process_track");
  }

  @Test
  void reusedPidsAndTids() {
    Packets t = new Packets().add(process(20, 100)).add(thread(21, 20, 100, 100));
    Report report = t.validate();
    assertThat(report.codes(Severity.WARNING)).as("%s", report).containsExactlyInAnyOrder("pid_reuse", "tid_reuse");
    assertThat(report.valid()).isTrue();
  }

  @Test
  void anInternedIdNeverDefined() {
    assertViolation(new Packets().slice(THREAD, 10, 20, 9).validate(), "interned_ref_unresolved");
    Packets annotation = new Packets();
    annotation.add(instant(10, THREAD, e -> e.addDebugAnnotations(DebugAnnotation.newBuilder().setNameIid(1).setStringValueIid(4))));
    assertViolation(annotation.validate(), "interned_ref_unresolved");
    Packets log = new Packets();
    log.add(instant(10, THREAD, e -> e.setLogMessage(LogMessage.newBuilder().setBodyIid(2))));
    assertViolation(log.validate(), "interned_ref_unresolved");
  }

  @Test
  void internedNamesResolveOnlyOnTheirOwnSequence() {
    Packets t = new Packets();
    t.add(named(10, THREAD, TrackEvent.Type.TYPE_INSTANT, 1).setTrustedPacketSequenceId(2));
    Report report = t.validate();
    // Sequence 2 never cleared its state, so the packet is skipped; with a clear it would not resolve.
    assertViolation(report, "packet_skipped_invalid_incremental_state");
    Packets cleared = new Packets();
    cleared.add(packet().setTrustedPacketSequenceId(2).setSequenceFlags(CLEARED));
    cleared.add(named(10, THREAD, TrackEvent.Type.TYPE_INSTANT, 1).setTrustedPacketSequenceId(2));
    assertViolation(cleared.validate(), "interned_ref_unresolved");
  }

  @Test
  void clearingTheStateForgetsWhatWasInterned() {
    Packets t = new Packets().add(packet().setSequenceFlags(CLEARED)).slice(THREAD, 10, 20, 1);
    assertViolation(t.validate(), "interned_ref_unresolved");
  }

  @Test
  void anInternedIdRedefinedWithOtherContent() {
    Packets t = new Packets().add(packet().setInternedData(InternedData.newBuilder()
        .addEventNames(EventName.newBuilder().setIid(1).setName("other"))));
    assertViolation(t.validate(), "interned_iid_redefined");
    assertViolation(new Packets().add(packet().setInternedData(InternedData.newBuilder()
        .addEventNames(EventName.newBuilder().setName("no iid")))).validate(), "interned_entry_missing_iid");
  }

  @Test
  void missingSequenceFlags() {
    Packets noNeeds = new Packets();
    noNeeds.add(named(10, THREAD, TrackEvent.Type.TYPE_INSTANT, 1).setSequenceFlags(0));
    assertOnlyWarning(noNeeds.validate(), "interning_without_needs_incremental_state");

    Packets noClear = new Packets();
    noClear.list.set(0, noClear.list.get(0).toBuilder().clearSequenceFlags().build());
    noClear.slice(THREAD, 10, 20, 1);
    Report report = noClear.validate();
    assertViolation(report, "interned_data_dropped_invalid_state");
    assertViolation(report, "packet_skipped_invalid_incremental_state");
  }

  @Test
  void packetsWithoutASequence() {
    Packets t = new Packets();
    t.add(event(10, THREAD, TrackEvent.Type.TYPE_INSTANT).clearSequenceFlags().clearTrustedPacketSequenceId());
    assertViolation(t.validate(), "track_event_missing_sequence_id");
    Packets interning = new Packets();
    interning.add(named(10, THREAD, TrackEvent.Type.TYPE_INSTANT, 1).clearTrustedPacketSequenceId());
    assertViolation(interning.validate(), "needs_incremental_state_without_sequence_id");
    assertViolation(new Packets().add(TracePacket.newBuilder().setInternedData(InternedData.getDefaultInstance())).validate(),
        "interned_data_missing_sequence_id");
  }

  @Test
  void eventsWithoutTimestampOrType() {
    assertViolation(new Packets().add(event(10, THREAD, TrackEvent.Type.TYPE_INSTANT).clearTimestamp()).validate(),
        "track_event_missing_timestamp");
    assertViolation(new Packets().add(event(10, THREAD, TrackEvent.Type.TYPE_UNSPECIFIED)).validate(), "track_event_without_type");
  }

  @Test
  void aClockWithoutASnapshotLinkingIt() {
    TracePacket.Builder realtime = event(10, THREAD, TrackEvent.Type.TYPE_INSTANT).setTimestampClockId(1);
    assertViolation(new Packets().add(realtime.clone()).validate(), "clock_sync_failure");

    Packets linked = new Packets();
    linked.add(packet().setClockSnapshot(ClockSnapshot.newBuilder()
        .addClocks(ClockSnapshot.Clock.newBuilder().setClockId(6).setTimestamp(5))
        .addClocks(ClockSnapshot.Clock.newBuilder().setClockId(1).setTimestamp(1_000))));
    linked.add(realtime.clone());
    assertThat(linked.validate().findings()).as("%s", linked.validate()).isEmpty();
  }

  @Test
  void flowsEndingWhereNoneBegan() {
    Packets t = new Packets();
    t.add(instant(10, THREAD, e -> e.addTerminatingFlowIds(5)));
    assertViolation(t.validate(), "flow_terminated_without_begin");

    // Terminated once, a flow id is free: ending it again is the same mistake.
    Packets twice = new Packets();
    twice.add(instant(10, THREAD, e -> e.addFlowIds(5)));
    for (long ts : new long[] {20, 30}) {
      twice.add(instant(ts, THREAD, e -> e.addTerminatingFlowIds(5)));
    }
    Report report = twice.validate();
    assertViolation(report, "flow_terminated_without_begin");
    assertThat(report.findings()).singleElement().satisfies(f -> assertThat(f.count()).isEqualTo(1));
  }

  @Test
  void countersOnlyOnCounterTracks() {
    Packets t = new Packets();
    t.add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(50).setParentUuid(PROCESS).setName("rss")
        .setCounter(CounterDescriptor.newBuilder().setUnitName("bytes"))));
    t.add(packet().setTimestamp(10).setTrackEvent(TrackEvent.newBuilder()
        .setType(TrackEvent.Type.TYPE_COUNTER).setTrackUuid(50).setCounterValue(4096)));
    assertThat(t.validate().findings()).as("%s", t.validate()).isEmpty();

    Packets onThread = new Packets();
    onThread.add(packet().setTimestamp(10).setTrackEvent(TrackEvent.newBuilder()
        .setType(TrackEvent.Type.TYPE_COUNTER).setTrackUuid(THREAD).setCounterValue(1)));
    assertViolation(onThread.validate(), "counter_on_non_counter_track");

    Packets noValue = new Packets();
    noValue.add(packet().setTimestamp(10).setTrackEvent(TrackEvent.newBuilder().setType(TrackEvent.Type.TYPE_COUNTER).setTrackUuid(50)));
    assertViolation(noValue.validate(), "counter_missing_value");

    Packets sliceOnCounter = new Packets();
    sliceOnCounter.add(packet().setTrackDescriptor(TrackDescriptor.newBuilder().setUuid(50).setCounter(CounterDescriptor.getDefaultInstance())));
    sliceOnCounter.slice(50, 10, 20, 1);
    assertViolation(sliceOnCounter.validate(), "slice_event_on_counter_track");
  }

  @Test
  void logMessagesNeedAThread() {
    Packets t = new Packets();
    t.add(instant(10, PROCESS, e -> e.setLogMessage(LogMessage.newBuilder().setBodyIid(1))));
    assertViolation(t.validate(), "log_message_without_thread");
  }

  @Test
  void debugAnnotationsNeedNames() {
    Packets t = new Packets();
    t.add(instant(10, THREAD, e -> e.addDebugAnnotations(DebugAnnotation.newBuilder().setIntValue(1))));
    assertViolation(t.validate(), "debug_annotation_without_name");
    // Array elements have none.
    Packets array = new Packets();
    array.add(instant(10, THREAD, e -> e.addDebugAnnotations(
        DebugAnnotation.newBuilder().setName("argv").addArrayValues(DebugAnnotation.newBuilder().setStringValue("a")))));
    assertThat(array.validate().findings()).isEmpty();
  }

  @Test
  void fieldsTheSchemaDoesNotDeclareAndBadUtf8() {
    Packets t = new Packets();
    t.add(event(10, THREAD, TrackEvent.Type.TYPE_INSTANT).setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(59, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()));
    assertOnlyWarning(t.validate(), "unknown_field");

    TrackDescriptor bad = TrackDescriptor.newBuilder().setUuid(60).setNameBytes(ByteString.copyFrom(new byte[] {'a', (byte) 0xff})).build();
    assertOnlyWarning(new Packets().add(packet().setTrackDescriptor(bad)).validate(), "invalid_utf8");
  }

  @Test
  void bytesThatAreNoTrace() {
    assertViolation(PftraceValidator.validate(new byte[0]), "empty_trace");
    assertViolation(PftraceValidator.validate(new byte[] {0x0a, 0x7f, 1}), "not_a_trace");
    byte[] good = new Packets().slice(THREAD, 10, 20, 1).bytes();
    assertViolation(PftraceValidator.validate(Arrays.copyOf(good, good.length - 3)), "not_a_trace");
  }
}
