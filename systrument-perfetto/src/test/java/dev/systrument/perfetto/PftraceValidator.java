package dev.systrument.perfetto;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.systrument.perfetto.proto.ClockSnapshot;
import dev.systrument.perfetto.proto.DebugAnnotation;
import dev.systrument.perfetto.proto.InternedData;
import dev.systrument.perfetto.proto.ProcessTree;
import dev.systrument.perfetto.proto.Trace;
import dev.systrument.perfetto.proto.TracePacket;
import dev.systrument.perfetto.proto.TrackDescriptor;
import dev.systrument.perfetto.proto.TrackEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Public (and published in this module's test-jar) for systrument-cli's tests.
 *
 * <p>Checks a {@code .pftrace} against the rules Perfetto's trace processor applies when it
 * imports TrackEvent data, reporting what it would reject, drop or misplace (violations) and what
 * it accepts but a reader would not want (warnings: a slice never ended, a reused pid, a track
 * declared only after its first event). The trace is decoded with the generated classes of
 * {@code perfetto_trace.proto}; a field they do not know is a warning, since our writer only
 * writes what that file declares. The rules follow the trace processor's TrackEvent importer
 * (track descriptors, sequences and interning, the slice and flow trackers, clock conversion).
 *
 * <p>{@link #assertStrictlyValid} is what the tests use: no violation and no warning.
 */
public final class PftraceValidator {
  /** The trace processor's slice tracker refuses to nest deeper (SliceTracker::kMaxDepth). */
  static final int MAX_SLICE_DEPTH = 512;
  /** The trace processor's default trace clock, when no ClockSnapshot names another. */
  static final int BOOTTIME = 6;
  private static final int EXAMPLES_PER_CODE = 5;

  public enum Severity { VIOLATION, WARNING }

  /** One kind of problem: how often it occurred, and the first few occurrences. */
  public record Finding(Severity severity, String code, int count, List<String> examples) {
    @Override
    public String toString() {
      return severity.name().toLowerCase() + " " + code + " x" + count + ": " + String.join("; ", examples);
    }
  }

  /** Every finding by code, in order of first occurrence. */
  public record Report(List<Finding> findings) {
    /** What the trace processor imports without loss: no violation (warnings allowed). */
    public boolean valid() {
      return findings.stream().noneMatch(f -> f.severity() == Severity.VIOLATION);
    }

    /** No violation and no warning: what {@code --strict} means for a validator. */
    public boolean strictlyValid() {
      return findings.isEmpty();
    }

    public Set<String> codes(Severity severity) {
      Set<String> out = new java.util.LinkedHashSet<>();
      findings.stream().filter(f -> f.severity() == severity).forEach(f -> out.add(f.code()));
      return out;
    }

    @Override
    public String toString() {
      if (findings.isEmpty()) {
        return "valid (no violation, no warning)";
      }
      StringBuilder out = new StringBuilder();
      findings.forEach(f -> out.append(f).append('\n'));
      return out.toString();
    }
  }

  /** Fails with the report unless the trace has no violation and no warning. */
  public static void assertStrictlyValid(byte[] trace) {
    Report report = validate(trace);
    if (!report.strictlyValid()) {
      throw new AssertionError("trace is not strictly valid:\n" + report);
    }
  }

  public static void assertStrictlyValid(Path trace) {
    try {
      Report report = validate(Files.readAllBytes(trace));
      if (!report.strictlyValid()) {
        throw new AssertionError(trace + " is not strictly valid:\n" + report);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Report validate(byte[] trace) {
    PftraceValidator v = new PftraceValidator();
    v.run(trace);
    return new Report(v.findings.values().stream()
        .map(f -> new Finding(f.severity, f.code, f.count, List.copyOf(f.examples)))
        .toList());
  }

  // ------------------------------------------------------------------------------ state

  private static final class Tally {
    final Severity severity;
    final String code;
    int count;
    final List<String> examples = new ArrayList<>();

    Tally(Severity severity, String code) {
      this.severity = severity;
      this.code = code;
    }
  }

  /** What a sequence carries between its packets: whether its incremental state is valid, its interned tables. */
  private static final class Sequence {
    boolean valid;
    final Map<String, Map<Long, ByteString>> interned = new HashMap<>();
  }

  private enum Kind { PROCESS, THREAD, COUNTER, PLAIN }

  private record Track(long uuid, long parent, Kind kind, int pid, int tid, String name, int packet) {}

  private enum Phase { BEGIN, END, INSTANT }

  /** A slice event as the slice tracker sees it. */
  private record SliceEvent(int packet, long ts, long track, Phase phase, String name, List<String> categories,
      List<Long> flows, List<Long> terminatingFlows) {}

  private final Map<String, Tally> findings = new LinkedHashMap<>();
  private final Map<Integer, Sequence> sequences = new HashMap<>();
  private final Map<Long, Track> tracks = new LinkedHashMap<>();
  /** uuid -> the packet of its first use, for the "declared after use" check. */
  private final Map<Long, Integer> firstUse = new HashMap<>();
  private final List<SliceEvent> sliceEvents = new ArrayList<>();
  private final List<long[]> counterUses = new ArrayList<>(); // {packet, uuid}
  private final List<long[]> logUses = new ArrayList<>(); // {packet, uuid}
  /** Clock ids linked by some ClockSnapshot so far: union-find over clock ids. */
  private final Map<Integer, Integer> clockGroups = new HashMap<>();
  private int primaryClock = BOOTTIME;

  private PftraceValidator() {}

  private void violation(String code, int packet, String message) {
    add(Severity.VIOLATION, code, packet, message);
  }

  private void warning(String code, int packet, String message) {
    add(Severity.WARNING, code, packet, message);
  }

  private void add(Severity severity, String code, int packet, String message) {
    Tally t = findings.computeIfAbsent(severity + ":" + code, k -> new Tally(severity, code));
    t.count++;
    if (t.examples.size() < EXAMPLES_PER_CODE) {
      t.examples.add(packet < 0 ? message : "packet " + packet + ": " + message);
    }
  }

  // ------------------------------------------------------------------------------ packets

  private void run(byte[] bytes) {
    if (bytes.length == 0) {
      violation("empty_trace", -1, "the file is empty");
      return;
    }
    Trace trace;
    try {
      trace = Trace.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      violation("not_a_trace", -1, "does not decode as a Trace: " + e.getMessage());
      return;
    }
    if ((bytes[0] & 0xff) != 0x0a) {
      // The trace processor tells a proto trace from JSON or systrace text by this first byte.
      violation("not_a_proto_trace", -1, "first byte is 0x" + Integer.toHexString(bytes[0] & 0xff) + ", not 0x0a (Trace.packet)");
    }
    unknownFields(trace, "Trace", -1);
    for (int i = 0; i < trace.getPacketCount(); i++) {
      packet(trace.getPacket(i), i);
    }
    finish();
  }

  private void packet(TracePacket p, int index) {
    boolean hasSequence = p.hasTrustedPacketSequenceId();
    int sequenceId = p.getTrustedPacketSequenceId();
    Sequence seq = sequences.computeIfAbsent(sequenceId, k -> new Sequence());
    int flags = p.getSequenceFlags();
    if (p.getIncrementalStateCleared() || (flags & TracePacket.SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED_VALUE) != 0) {
      if (!hasSequence) {
        violation("incremental_state_cleared_missing_sequence_id", index, "SEQ_INCREMENTAL_STATE_CLEARED without trusted_packet_sequence_id");
      } else {
        seq.valid = true;
        seq.interned.clear();
      }
    }
    if (p.hasInternedData()) {
      if (!hasSequence) {
        violation("interned_data_missing_sequence_id", index, "interned_data without trusted_packet_sequence_id");
      } else if (!seq.valid) {
        violation("interned_data_dropped_invalid_state", index, "interned_data on sequence " + sequenceId
            + " before any packet of it set SEQ_INCREMENTAL_STATE_CLEARED: the trace processor drops it");
      } else {
        intern(seq, p.getInternedData(), index);
      }
    }
    if (p.hasClockSnapshot()) {
      clockSnapshot(p.getClockSnapshot(), index);
      return; // the trace processor reads nothing else from a clock snapshot packet
    }
    if ((flags & TracePacket.SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE_VALUE) != 0 && !hasSequence) {
      violation("needs_incremental_state_without_sequence_id", index, "SEQ_NEEDS_INCREMENTAL_STATE without trusted_packet_sequence_id");
      return;
    }
    if ((flags & TracePacket.SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE_VALUE) != 0 && !seq.valid) {
      violation("packet_skipped_invalid_incremental_state", index, "SEQ_NEEDS_INCREMENTAL_STATE on sequence " + sequenceId
          + " but no earlier packet of it set SEQ_INCREMENTAL_STATE_CLEARED: the trace processor skips it");
      return;
    }
    if (p.hasTimestampClockId() && !convertible(p.getTimestampClockId())) {
      violation("clock_sync_failure", index, "timestamp_clock_id " + p.getTimestampClockId()
          + " and the trace clock " + primaryClock + " are linked by no earlier ClockSnapshot: the trace processor drops the packet");
      return;
    }
    if (p.hasTrackDescriptor()) {
      descriptor(p.getTrackDescriptor(), index);
    }
    if (p.hasProcessTree()) {
      processTree(p.getProcessTree(), index);
    }
    if (p.hasTrackEvent()) {
      event(p, seq, index);
    }
    unknownFields(p, "TracePacket", index);
    invalidUtf8(p, "TracePacket", index);
  }

  private void intern(Sequence seq, InternedData d, int index) {
    d.getEventNamesList().forEach(e -> define(seq, "event_names", e.hasIid(), e.getIid(), e.getNameBytes(), index));
    d.getEventCategoriesList().forEach(e -> define(seq, "event_categories", e.hasIid(), e.getIid(), e.getNameBytes(), index));
    d.getDebugAnnotationNamesList().forEach(e -> define(seq, "debug_annotation_names", e.hasIid(), e.getIid(), e.getNameBytes(), index));
    d.getLogMessageBodyList().forEach(e -> define(seq, "log_message_body", e.hasIid(), e.getIid(), e.getBodyBytes(), index));
    d.getDebugAnnotationStringValuesList().forEach(e ->
        define(seq, "debug_annotation_string_values", e.hasIid(), e.getIid(), e.getStr(), index));
  }

  private void define(Sequence seq, String table, boolean hasIid, long iid, ByteString value, int index) {
    if (!hasIid) {
      violation("interned_entry_missing_iid", index, table + " entry without iid");
      return;
    }
    ByteString previous = seq.interned.computeIfAbsent(table, k -> new HashMap<>()).putIfAbsent(iid, value);
    if (previous != null && !previous.equals(value)) {
      violation("interned_iid_redefined", index, table + " iid " + iid + " redefined with other content before the state was"
          + " cleared (the trace processor keeps the first)");
    }
  }

  private boolean resolves(Sequence seq, String table, long iid) {
    return seq.interned.getOrDefault(table, Map.of()).containsKey(iid);
  }

  private void clockSnapshot(ClockSnapshot s, int index) {
    if (s.hasPrimaryTraceClock()) {
      primaryClock = s.getPrimaryTraceClock();
    }
    Integer first = null;
    for (ClockSnapshot.Clock c : s.getClocksList()) {
      if (!c.hasClockId() || !c.hasTimestamp()) {
        violation("clock_snapshot_incomplete", index, "ClockSnapshot.Clock without clock_id or timestamp");
        continue;
      }
      if (first == null) {
        first = c.getClockId();
        clockRoot(first);
      } else {
        clockGroups.put(clockRoot(c.getClockId()), clockRoot(first));
      }
    }
  }

  private int clockRoot(int clock) {
    clockGroups.putIfAbsent(clock, clock);
    int root = clock;
    while (clockGroups.get(root) != root) {
      root = clockGroups.get(root);
    }
    return root;
  }

  private boolean convertible(int clock) {
    return clock == primaryClock || (clockGroups.containsKey(clock) && clockGroups.containsKey(primaryClock)
        && clockRoot(clock) == clockRoot(primaryClock));
  }

  // ------------------------------------------------------------------------------ tracks

  private void descriptor(TrackDescriptor d, int index) {
    if (!d.hasUuid()) {
      violation("track_descriptor_missing_uuid", index, "TrackDescriptor without uuid");
      return;
    }
    Kind kind;
    int pid = 0;
    int tid = 0;
    if (d.hasThread()) {
      if (!d.getThread().hasPid() || !d.getThread().hasTid()) {
        violation("thread_descriptor_missing_pid_tid", index, "thread track " + d.getUuid()
            + " without pid or tid: the trace processor ignores it and drops its events");
        return;
      }
      kind = Kind.THREAD;
      pid = d.getThread().getPid();
      tid = d.getThread().getTid();
    } else if (d.hasProcess()) {
      if (!d.getProcess().hasPid()) {
        violation("process_descriptor_missing_pid", index, "process track " + d.getUuid()
            + " without pid: the trace processor ignores it and drops its events");
        return;
      }
      kind = Kind.PROCESS;
      pid = d.getProcess().getPid();
    } else if (d.hasCounter()) {
      kind = Kind.COUNTER;
    } else {
      kind = Kind.PLAIN;
    }
    if (d.getUuid() == 0 && d.getParentUuid() != 0) {
      violation("default_track_with_parent", index, "the default track (uuid 0) declares a parent");
    }
    Track track = new Track(d.getUuid(), d.getParentUuid(), kind, pid, tid, d.hasName() ? d.getName() : null, index);
    Track previous = tracks.putIfAbsent(d.getUuid(), track);
    if (previous == null) {
      Integer used = firstUse.get(d.getUuid());
      if (used != null) {
        // The trace processor sorts the whole file before it parses events, so it still finds the
        // track; a trace cut short (a recording killed) or read as a stream would lose the events.
        warning("track_declared_after_use", index, "track " + d.getUuid() + " first used at packet " + used);
      }
      return;
    }
    if (previous.parent() != track.parent() || previous.kind() != track.kind() || previous.pid() != track.pid()
        || previous.tid() != track.tid()) {
      violation("track_descriptor_conflict", index, "track " + d.getUuid() + " redeclared as " + describe(track)
          + ", first declared at packet " + previous.packet() + " as " + describe(previous)
          + ": the trace processor ignores the new descriptor");
    } else if (track.name() != null && previous.name() != null && !track.name().equals(previous.name())) {
      warning("track_renamed", index, "track " + d.getUuid() + " renamed from " + previous.name() + " to " + track.name());
    }
  }

  private static String describe(Track t) {
    return t.kind().name().toLowerCase() + " (parent " + t.parent() + ", pid " + t.pid() + ", tid " + t.tid() + ")";
  }

  private void processTree(ProcessTree tree, int index) {
    for (ProcessTree.Process p : tree.getProcessesList()) {
      if (!p.hasPid()) {
        violation("process_tree_process_missing_pid", index, "ProcessTree.Process without pid");
      } else if (p.getCmdlineCount() == 0) {
        warning("process_tree_process_without_cmdline", index, "ProcessTree.Process " + p.getPid()
            + " without cmdline: the trace processor ignores it (its parent pid is lost)");
      }
    }
  }

  // ------------------------------------------------------------------------------ events

  private void event(TracePacket p, Sequence seq, int index) {
    TrackEvent e = p.getTrackEvent();
    if (!p.hasTrustedPacketSequenceId()) {
      violation("track_event_missing_sequence_id", index, "TrackEvent without trusted_packet_sequence_id: the trace processor drops it");
      return;
    }
    if (!p.hasTimestamp()) {
      violation("track_event_missing_timestamp", index, "TrackEvent without TracePacket.timestamp: the trace processor drops it");
      return;
    }
    if (p.getTimestamp() < 0) {
      violation("track_event_negative_timestamp", index, "timestamp " + Long.toUnsignedString(p.getTimestamp()) + " is past 2^63");
      return;
    }
    boolean usesInterning = e.hasNameIid() || e.getCategoryIidsCount() > 0 || e.hasLogMessage()
        || e.getDebugAnnotationsList().stream().anyMatch(PftraceValidator::usesInterning);
    if (usesInterning && (p.getSequenceFlags() & TracePacket.SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE_VALUE) == 0) {
      warning("interning_without_needs_incremental_state", index, "TrackEvent refers to interned data but does not set SEQ_NEEDS_INCREMENTAL_STATE");
    }
    String name = e.hasName() ? e.getName() : null;
    if (e.hasNameIid()) {
      if (!resolves(seq, "event_names", e.getNameIid())) {
        violation("interned_ref_unresolved", index, "name_iid " + e.getNameIid() + " is not in event_names of sequence " + p.getTrustedPacketSequenceId());
      } else {
        name = seq.interned.get("event_names").get(e.getNameIid()).toStringUtf8();
      }
    }
    List<String> categories = new ArrayList<>(e.getCategoriesList());
    for (long iid : e.getCategoryIidsList()) {
      if (!resolves(seq, "event_categories", iid)) {
        violation("interned_ref_unresolved", index, "category_iid " + iid + " is not in event_categories of sequence " + p.getTrustedPacketSequenceId());
      } else {
        categories.add(seq.interned.get("event_categories").get(iid).toStringUtf8());
      }
    }
    for (DebugAnnotation a : e.getDebugAnnotationsList()) {
      annotation(a, seq, index, true);
    }
    if (e.hasLogMessage() && !resolves(seq, "log_message_body", e.getLogMessage().getBodyIid())) {
      violation("interned_ref_unresolved", index, "log_message.body_iid " + e.getLogMessage().getBodyIid() + " is not in log_message_body");
    }
    if (!e.hasTrackUuid()) {
      warning("track_event_without_track_uuid", index, "TrackEvent without track_uuid lands on the default track");
    }
    long track = e.getTrackUuid();
    firstUse.putIfAbsent(track, index);
    if (e.hasLogMessage()) {
      logUses.add(new long[] {index, track});
    }
    switch (e.getType()) {
      case TYPE_SLICE_BEGIN, TYPE_SLICE_END, TYPE_INSTANT -> {
        Phase phase = e.getType() == TrackEvent.Type.TYPE_SLICE_BEGIN ? Phase.BEGIN
            : e.getType() == TrackEvent.Type.TYPE_SLICE_END ? Phase.END : Phase.INSTANT;
        sliceEvents.add(new SliceEvent(index, p.getTimestamp(), track, phase, name, categories,
            e.getFlowIdsList(), e.getTerminatingFlowIdsList()));
      }
      case TYPE_COUNTER -> {
        if (!e.hasTrackUuid()) {
          violation("counter_missing_track_uuid", index, "TYPE_COUNTER without track_uuid");
        } else if (!e.hasCounterValue() && !e.hasDoubleCounterValue()) {
          violation("counter_missing_value", index, "TYPE_COUNTER without counter_value or double_counter_value");
        } else {
          counterUses.add(new long[] {index, track});
        }
      }
      default -> violation("track_event_without_type", index, "TrackEvent without a known type: the trace processor rejects it");
    }
  }

  private static boolean usesInterning(DebugAnnotation a) {
    return a.hasNameIid() || a.hasStringValueIid()
        || a.getDictEntriesList().stream().anyMatch(PftraceValidator::usesInterning)
        || a.getArrayValuesList().stream().anyMatch(PftraceValidator::usesInterning);
  }

  /** Dictionary entries (and top-level annotations) need a name; array elements do not. */
  private void annotation(DebugAnnotation a, Sequence seq, int index, boolean named) {
    if (a.hasNameIid()) {
      if (!resolves(seq, "debug_annotation_names", a.getNameIid())) {
        violation("interned_ref_unresolved", index, "debug annotation name_iid " + a.getNameIid() + " is not in debug_annotation_names");
      }
    } else if (named && !a.hasName()) {
      violation("debug_annotation_without_name", index, "debug annotation without name or name_iid: the trace processor rejects it");
    }
    if (a.hasStringValueIid() && !resolves(seq, "debug_annotation_string_values", a.getStringValueIid())) {
      violation("interned_ref_unresolved", index, "debug annotation string_value_iid " + a.getStringValueIid() + " is not in debug_annotation_string_values");
    }
    a.getDictEntriesList().forEach(child -> annotation(child, seq, index, true));
    a.getArrayValuesList().forEach(child -> annotation(child, seq, index, false));
  }

  // ------------------------------------------------------------------------------ the end

  private void finish() {
    hierarchy();
    threadsAndProcesses();
    for (Map.Entry<Long, Integer> use : firstUse.entrySet()) {
      if (use.getKey() != 0 && !tracks.containsKey(use.getKey())) {
        violation("unknown_track_uuid", use.getValue(), "event on track " + use.getKey() + ", which no TrackDescriptor declares");
      }
    }
    for (long[] use : counterUses) {
      Track t = tracks.get(use[1]);
      if (t != null && t.kind() != Kind.COUNTER) {
        violation("counter_on_non_counter_track", (int) use[0], "counter value on " + describe(t) + " track " + use[1]);
      }
    }
    for (long[] use : logUses) {
      if (!threadScoped(use[1])) {
        violation("log_message_without_thread", (int) use[0], "log message on track " + use[1]
            + ", which is not a thread track nor below one: the trace processor needs a thread for it");
      }
    }
    slices();
  }

  private void hierarchy() {
    for (Track t : tracks.values()) {
      Set<Long> seen = new HashSet<>();
      seen.add(t.uuid());
      for (long up = t.parent(); up != 0; ) {
        Track parent = tracks.get(up);
        if (parent == null) {
          violation("track_parent_missing", t.packet(), "track " + t.uuid() + ": parent " + up + " is declared by no TrackDescriptor");
          break;
        }
        if (!seen.add(up)) {
          violation("track_hierarchy_loop", t.packet(), "track " + t.uuid() + ": its parent chain loops at " + up);
          break;
        }
        up = parent.parent();
      }
    }
  }

  /** The nearest process track above {@code t}, or null. */
  private Track processAbove(Track t) {
    Set<Long> seen = new HashSet<>();
    for (Track up = tracks.get(t.parent()); up != null && seen.add(up.uuid()); up = tracks.get(up.parent())) {
      if (up.kind() == Kind.PROCESS) {
        return up;
      }
    }
    return null;
  }

  private boolean threadScoped(long uuid) {
    Set<Long> seen = new HashSet<>();
    for (Track t = tracks.get(uuid); t != null && seen.add(t.uuid()); t = tracks.get(t.parent())) {
      if (t.kind() == Kind.THREAD) {
        return true;
      }
    }
    return false;
  }

  private void threadsAndProcesses() {
    Map<Integer, List<Long>> processesByPid = new TreeMap<>();
    Map<List<Integer>, List<Long>> threadsByPidTid = new LinkedHashMap<>();
    for (Track t : tracks.values()) {
      if (t.kind() == Kind.PROCESS) {
        processesByPid.computeIfAbsent(t.pid(), k -> new ArrayList<>()).add(t.uuid());
      } else if (t.kind() == Kind.THREAD) {
        threadsByPidTid.computeIfAbsent(List.of(t.pid(), t.tid()), k -> new ArrayList<>()).add(t.uuid());
      }
    }
    for (Track t : tracks.values()) {
      if (t.kind() != Kind.THREAD) {
        continue;
      }
      Track process = processAbove(t);
      if (process != null && process.pid() != t.pid()) {
        violation("thread_pid_mismatch", t.packet(), "thread track " + t.uuid() + " (pid " + t.pid() + ", tid " + t.tid()
            + ") is below process track " + process.uuid() + " of pid " + process.pid());
      } else if (process == null && !processesByPid.containsKey(t.pid())) {
        warning("thread_without_process_track", t.packet(), "thread track " + t.uuid() + " (pid " + t.pid()
            + ", tid " + t.tid() + "): no process track for its pid, the trace processor makes an unnamed process");
      }
    }
    processesByPid.forEach((pid, uuids) -> {
      if (uuids.size() > 1) {
        warning("pid_reuse", -1, "pid " + pid + " has " + uuids.size() + " process tracks " + uuids
            + ": the trace processor takes them for a reused pid and makes separate processes");
      }
    });
    threadsByPidTid.forEach((pidTid, uuids) -> {
      if (uuids.size() > 1) {
        warning("tid_reuse", -1, "pid " + pidTid.get(0) + " tid " + pidTid.get(1) + " has " + uuids.size() + " thread tracks "
            + uuids + ": the trace processor takes them for a reused tid and makes separate threads");
      }
    });
  }

  /**
   * The slice tracker's view: events sorted by timestamp (stable, so packet order breaks ties),
   * each END closing the innermost open slice of its track. The writer meant each END for the
   * BEGIN it pairs with in packet order; where the two pairings differ the slices overlap, and
   * the trace processor would silently give them other durations. Flows follow the flow tracker:
   * an id in flow_ids starts (or continues) a flow at the event's slice, one in
   * terminating_flow_ids ends it there.
   */
  private void slices() {
    Map<Integer, Integer> meantEnd = new HashMap<>(); // BEGIN packet -> END packet, in packet order
    Map<Long, ArrayDeque<SliceEvent>> streamStacks = new HashMap<>();
    for (SliceEvent e : sliceEvents) {
      ArrayDeque<SliceEvent> stack = streamStacks.computeIfAbsent(e.track(), k -> new ArrayDeque<>());
      if (e.phase() == Phase.BEGIN) {
        stack.push(e);
      } else if (e.phase() == Phase.END && !stack.isEmpty()) {
        SliceEvent begin = stack.pop();
        meantEnd.put(begin.packet(), e.packet());
        if (e.ts() < begin.ts()) {
          violation("slice_ends_before_it_begins", e.packet(), "END at " + e.ts() + " on track " + e.track()
              + " closes " + begin.name() + " begun at " + begin.ts() + " (packet " + begin.packet() + ")");
        }
      }
    }
    List<SliceEvent> sorted = new ArrayList<>(sliceEvents);
    sorted.sort(Comparator.comparingLong(SliceEvent::ts)); // stable
    Map<Long, ArrayDeque<SliceEvent>> stacks = new HashMap<>();
    Set<Long> activeFlows = new HashSet<>();
    for (SliceEvent e : sorted) {
      ArrayDeque<SliceEvent> stack = stacks.computeIfAbsent(e.track(), k -> new ArrayDeque<>());
      Track track = tracks.get(e.track());
      if (track != null && track.kind() == Kind.COUNTER) {
        violation("slice_event_on_counter_track", e.packet(), e.phase() + " on counter track " + e.track());
      }
      switch (e.phase()) {
        case BEGIN -> {
          if (stack.size() >= MAX_SLICE_DEPTH) {
            violation("slice_max_depth_exceeded", e.packet(), "more than " + MAX_SLICE_DEPTH + " slices open on track " + e.track());
            continue;
          }
          stack.push(e);
        }
        case END -> {
          if (stack.isEmpty()) {
            violation("slice_end_without_begin", e.packet(), "END at " + e.ts() + " on track " + e.track()
                + " with no open slice: the trace processor drops it");
            continue;
          }
          SliceEvent begin = stack.pop();
          if ((e.name() != null && begin.name() != null && !e.name().equals(begin.name()))
              || (!e.categories().isEmpty() && !e.categories().equals(begin.categories()))) {
            violation("slice_end_misnested", e.packet(), "END " + e.name() + " " + e.categories() + " at " + e.ts()
                + " closes " + begin.name() + " " + begin.categories() + " on track " + e.track());
          }
          Integer meant = meantEnd.get(begin.packet());
          if (!Objects.equals(meant, e.packet())) {
            violation("slices_overlap", e.packet(), "on track " + e.track() + " the END at " + e.ts() + " closes "
                + begin.name() + " begun at " + begin.ts() + " (packet " + begin.packet() + "), which the writer closed at packet "
                + meant + ": slices overlap instead of nesting");
          }
        }
        case INSTANT -> { }
      }
      for (long id : e.flows()) {
        activeFlows.add(id);
      }
      for (long id : e.terminatingFlows()) {
        if (!activeFlows.remove(id)) {
          violation("flow_terminated_without_begin", e.packet(), "terminating flow id " + id + " on track " + e.track()
              + " was begun by no earlier event: the trace processor draws no arrow");
        }
      }
    }
    stacks.forEach((track, stack) -> stack.descendingIterator().forEachRemaining(b ->
        warning("slice_open_at_end", b.packet(), b.name() + " begun at " + b.ts() + " on track " + track + " never ends")));
  }

  // ------------------------------------------------------------------------------ wire level

  /** Fields our proto subset does not declare: the writer wrote something the rules here do not check. */
  private void unknownFields(Message m, String path, int index) {
    for (int number : m.getUnknownFields().asMap().keySet()) {
      warning("unknown_field", index, path + " field " + number + " is not in perfetto_trace.proto");
    }
    for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
      if (f.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String child = path + "." + f.getKey().getName();
      if (f.getKey().isRepeated()) {
        for (Object o : (List<?>) f.getValue()) {
          unknownFields((Message) o, child, index);
        }
      } else {
        unknownFields((Message) f.getValue(), child, index);
      }
    }
  }

  /**
   * Strings that are not UTF-8: the trace processor stores them as they are and the UI shows
   * replacement characters. Read through the generated {@code getXBytes} accessors, since the
   * String accessors already replaced the bad bytes.
   */
  private void invalidUtf8(Message m, String path, int index) {
    for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
      FieldDescriptor field = f.getKey();
      String child = path + "." + field.getName();
      if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
        for (ByteString raw : stringBytes(m, field)) {
          if (!raw.isValidUtf8()) {
            warning("invalid_utf8", index, child + " is not valid UTF-8");
          }
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        List<?> values = field.isRepeated() ? (List<?>) f.getValue() : List.of(f.getValue());
        for (Object o : values) {
          invalidUtf8((Message) o, child, index);
        }
      }
    }
  }

  private static final Map<FieldDescriptor, java.lang.reflect.Method> BYTES_ACCESSORS = new java.util.concurrent.ConcurrentHashMap<>();

  private static List<ByteString> stringBytes(Message m, FieldDescriptor field) {
    java.lang.reflect.Method accessor = BYTES_ACCESSORS.computeIfAbsent(field, f -> {
      String name = "get" + Character.toUpperCase(f.getJsonName().charAt(0)) + f.getJsonName().substring(1) + "Bytes";
      try {
        return f.isRepeated() ? m.getClass().getMethod(name, int.class) : m.getClass().getMethod(name);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("no " + name + " on " + m.getClass().getName(), e);
      }
    });
    try {
      if (!field.isRepeated()) {
        return List.of((ByteString) accessor.invoke(m));
      }
      List<ByteString> out = new ArrayList<>();
      for (int i = 0; i < m.getRepeatedFieldCount(field); i++) {
        out.add((ByteString) accessor.invoke(m, i));
      }
      return out;
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(accessor.toString(), e);
    }
  }
}
