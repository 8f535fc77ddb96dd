package dev.systrument.perfetto;

import dev.systrument.perfetto.proto.DebugAnnotation;
import dev.systrument.perfetto.proto.InternedData;
import dev.systrument.perfetto.proto.ProcessTree;
import dev.systrument.perfetto.proto.Trace;
import dev.systrument.perfetto.proto.TracePacket;
import dev.systrument.perfetto.proto.TrackDescriptor;
import dev.systrument.perfetto.proto.TrackEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Public (and published in this module's test-jar) for systrument-cli's corpus tests.
 *
 * <p>Our bytes parsed back with the generated classes and replayed the way the trace processor
 * imports them: interned ids resolved per sequence (failing on an unresolved or redefined id),
 * events sorted by timestamp (stable, so packet order breaks ties), BEGIN/END paired per track
 * with a stack, flows linked in that order. It also pairs BEGIN/END in stream order, which is what
 * the writer meant; any difference is a nesting error (the trace processor would give slices wrong
 * durations without reporting anything).
 */
public final class DecodedTrace {

  /** A slice (or instant, {@code endNs == tsNs}) as the trace processor would build it. */
  public static final class Slice {
    public final long track;
    public final String name;
    public final List<String> categories;
    public final long tsNs;
    public long endNs = -1;
    public final int depth;
    public final Map<String, String> args;
    public final int beginPacket;
    public final boolean instant;
    public final TrackEvent begin;

    Slice(long track, String name, List<String> categories, long tsNs, int depth, Map<String, String> args, int beginPacket, boolean instant, TrackEvent begin) {
      this.track = track;
      this.name = name;
      this.categories = categories;
      this.tsNs = tsNs;
      this.depth = depth;
      this.args = args;
      this.beginPacket = beginPacket;
      this.instant = instant;
      this.begin = begin;
    }

    public String category() {
      return String.join(",", categories);
    }

    @Override
    public String toString() {
      return name + "@" + tsNs + ".." + endNs + " track " + track + " depth " + depth;
    }
  }

  public record Flow(Slice from, Slice to) {}

  public record Log(long track, long tsNs, String body, int prio) {}

  /** A value of a counter track, as the trace processor's {@code counter} table has it. */
  public record Counter(long track, long tsNs, long value) {}

  public final List<TracePacket> packets;
  /** Latest descriptor per uuid, in order of first declaration. */
  public final Map<Long, TrackDescriptor> tracks = new LinkedHashMap<>();
  public final List<TrackDescriptor> descriptorHistory = new ArrayList<>();
  public final List<Slice> slices = new ArrayList<>();
  public final List<Flow> flows = new ArrayList<>();
  public final List<Log> logs = new ArrayList<>();
  /** Every counter value, in timestamp order (packet order at one timestamp). */
  public final List<Counter> counters = new ArrayList<>();
  public final List<ProcessTree.Process> processTree = new ArrayList<>();
  public final List<String> nestingErrors = new ArrayList<>();
  /** Every interned string by table, as defined (to check that each is defined once). */
  public final Map<String, List<String>> internedDefinitions = new HashMap<>();

  private DecodedTrace(List<TracePacket> packets) {
    this.packets = packets;
  }

  public static DecodedTrace decode(byte[] bytes) {
    try {
      DecodedTrace t = new DecodedTrace(Trace.parseFrom(bytes).getPacketList());
      t.replay();
      return t;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("not a Trace: " + e.getMessage(), e);
    }
  }

  private record Pending(int packet, long ts, TrackEvent event, String name, List<String> categories, Map<String, String> args, String log, int prio) {}

  private void replay() {
    Map<String, Map<Long, String>> interned = null;
    List<Pending> events = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      TracePacket p = packets.get(i);
      if ((p.getSequenceFlags() & TracePacket.SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED_VALUE) != 0) {
        interned = new HashMap<>();
      }
      if (p.hasInternedData()) {
        if (interned == null) {
          throw new AssertionError("packet " + i + ": interned data before the incremental state was cleared");
        }
        intern(interned, p.getInternedData(), i);
      }
      if (p.hasTrackDescriptor()) {
        TrackDescriptor d = p.getTrackDescriptor();
        tracks.put(d.getUuid(), d);
        descriptorHistory.add(d);
      }
      if (p.hasProcessTree()) {
        processTree.addAll(p.getProcessTree().getProcessesList());
      }
      if (p.hasTrackEvent()) {
        TrackEvent e = p.getTrackEvent();
        if ((p.getSequenceFlags() & TracePacket.SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE_VALUE) == 0) {
          throw new AssertionError("packet " + i + ": track event without SEQ_NEEDS_INCREMENTAL_STATE");
        }
        if (!p.hasTimestamp() || p.hasTimestampClockId()) {
          throw new AssertionError("packet " + i + ": track event must have a timestamp on the default clock");
        }
        Map<Long, String> names = table(interned, "event_names");
        String name = e.hasNameIid() ? resolve(names, e.getNameIid(), i) : e.hasName() ? e.getName() : null;
        List<String> categories = new ArrayList<>(e.getCategoriesList());
        for (long c : e.getCategoryIidsList()) {
          categories.add(resolve(table(interned, "event_categories"), c, i));
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (DebugAnnotation a : e.getDebugAnnotationsList()) {
          String key = a.hasNameIid() ? resolve(table(interned, "debug_annotation_names"), a.getNameIid(), i) : a.getName();
          flatten(args, key, a, table(interned, "debug_annotation_string_values"), i);
        }
        String log = null;
        int prio = 0;
        if (e.hasLogMessage()) {
          log = resolve(table(interned, "log_message_body"), e.getLogMessage().getBodyIid(), i);
          prio = e.getLogMessage().getPrio().getNumber();
        }
        events.add(new Pending(i, p.getTimestamp(), e, name, categories, args, log, prio));
      }
    }
    pairInStreamOrder(events);
    events.sort(Comparator.comparingLong(Pending::ts)); // stable: packet order breaks ties
    Map<Long, List<Slice>> stacks = new HashMap<>();
    Map<Long, Slice> activeFlows = new HashMap<>();
    for (Pending pe : events) {
      TrackEvent e = pe.event();
      long track = e.getTrackUuid();
      if (!tracks.containsKey(track)) {
        throw new AssertionError("packet " + pe.packet() + ": undeclared track " + track);
      }
      boolean counterTrack = tracks.get(track).hasCounter();
      if (counterTrack != (e.getType() == TrackEvent.Type.TYPE_COUNTER)) {
        throw new AssertionError("packet " + pe.packet() + ": " + e.getType() + " on " + (counterTrack ? "counter" : "slice") + " track " + track);
      }
      if (counterTrack) {
        if (!e.hasCounterValue()) {
          throw new AssertionError("packet " + pe.packet() + ": counter event without a value");
        }
        counters.add(new Counter(track, pe.ts(), e.getCounterValue()));
        continue;
      }
      List<Slice> stack = stacks.computeIfAbsent(track, k -> new ArrayList<>());
      Slice slice = null;
      switch (e.getType()) {
        case TYPE_SLICE_BEGIN -> {
          slice = new Slice(track, pe.name(), pe.categories(), pe.ts(), stack.size(), pe.args(), pe.packet(), false, e);
          stack.add(slice);
          slices.add(slice);
        }
        case TYPE_INSTANT -> {
          slice = new Slice(track, pe.name(), pe.categories(), pe.ts(), stack.size(), pe.args(), pe.packet(), true, e);
          slice.endNs = pe.ts();
          slices.add(slice);
        }
        case TYPE_SLICE_END -> {
          if (stack.isEmpty()) {
            nestingErrors.add("packet " + pe.packet() + ": END without open slice on track " + track);
            continue;
          }
          Slice open = stack.remove(stack.size() - 1);
          open.endNs = pe.ts();
          open.args.putAll(pe.args());
          Integer meant = streamPairs.get(open.beginPacket);
          if (meant == null || meant != pe.packet()) {
            nestingErrors.add("packet " + pe.packet() + " closes " + open + " which the writer closed at packet " + meant);
          }
        }
        default -> throw new AssertionError("unexpected type " + e.getType());
      }
      if (slice != null) {
        for (long id : e.getFlowIdsList()) {
          Slice from = activeFlows.put(id, slice);
          if (from != null) {
            flows.add(new Flow(from, slice));
          }
        }
        for (long id : e.getTerminatingFlowIdsList()) {
          Slice from = activeFlows.remove(id);
          if (from != null) {
            flows.add(new Flow(from, slice));
          }
        }
      }
      if (pe.log() != null) {
        logs.add(new Log(track, pe.ts(), pe.log(), pe.prio()));
      }
    }
    for (List<Slice> stack : stacks.values()) {
      for (Slice open : stack) {
        nestingErrors.add("never ended: " + open);
      }
    }
  }

  private final Map<Integer, Integer> streamPairs = new HashMap<>();

  private void pairInStreamOrder(List<Pending> events) {
    Map<Long, List<Integer>> stacks = new HashMap<>();
    for (Pending pe : events) {
      List<Integer> stack = stacks.computeIfAbsent(pe.event().getTrackUuid(), k -> new ArrayList<>());
      if (pe.event().getType() == TrackEvent.Type.TYPE_SLICE_BEGIN) {
        stack.add(pe.packet());
      } else if (pe.event().getType() == TrackEvent.Type.TYPE_SLICE_END && !stack.isEmpty()) {
        streamPairs.put(stack.remove(stack.size() - 1), pe.packet());
      }
    }
  }

  private void intern(Map<String, Map<Long, String>> interned, InternedData d, int packet) {
    d.getEventNamesList().forEach(n -> define(interned, "event_names", n.getIid(), n.getName(), packet));
    d.getEventCategoriesList().forEach(n -> define(interned, "event_categories", n.getIid(), n.getName(), packet));
    d.getDebugAnnotationNamesList().forEach(n -> define(interned, "debug_annotation_names", n.getIid(), n.getName(), packet));
    d.getLogMessageBodyList().forEach(n -> define(interned, "log_message_body", n.getIid(), n.getBody(), packet));
    d.getDebugAnnotationStringValuesList().forEach(n ->
        define(interned, "debug_annotation_string_values", n.getIid(), n.getStr().toStringUtf8(), packet));
  }

  private void define(Map<String, Map<Long, String>> interned, String table, long iid, String value, int packet) {
    String previous = interned.computeIfAbsent(table, k -> new HashMap<>()).put(iid, value);
    if (previous != null) {
      throw new AssertionError("packet " + packet + ": " + table + " iid " + iid + " defined twice");
    }
    internedDefinitions.computeIfAbsent(table, k -> new ArrayList<>()).add(value);
  }

  private static Map<Long, String> table(Map<String, Map<Long, String>> interned, String name) {
    if (interned == null) {
      throw new AssertionError("interned reference before the incremental state was cleared");
    }
    return interned.getOrDefault(name, Map.of());
  }

  private static String resolve(Map<Long, String> table, long iid, int packet) {
    String value = table.get(iid);
    if (value == null) {
      throw new AssertionError("packet " + packet + ": unresolved iid " + iid);
    }
    return value;
  }

  /** The trace processor's flat keys: {@code env.HOME}, {@code argv[0]}. */
  private static void flatten(Map<String, String> out, String key, DebugAnnotation a, Map<Long, String> strings, int packet) {
    if (a.getDictEntriesCount() > 0) {
      for (DebugAnnotation e : a.getDictEntriesList()) {
        flatten(out, key + "." + e.getName(), e, strings, packet);
      }
    } else if (a.getArrayValuesCount() > 0) {
      for (int i = 0; i < a.getArrayValuesCount(); i++) {
        flatten(out, key + "[" + i + "]", a.getArrayValues(i), strings, packet);
      }
    } else if (a.hasStringValue()) {
      out.put(key, a.getStringValue());
    } else if (a.hasStringValueIid()) {
      out.put(key, resolve(strings, a.getStringValueIid(), packet));
    } else if (a.hasIntValue()) {
      out.put(key, Long.toString(a.getIntValue()));
    } else if (a.hasBoolValue()) {
      out.put(key, Boolean.toString(a.getBoolValue()));
    } else {
      out.put(key, "");
    }
  }

  // ------------------------------------------------------------- queries for tests

  public List<TrackDescriptor> processTracks() {
    return tracks.values().stream().filter(TrackDescriptor::hasProcess).toList();
  }

  public List<TrackDescriptor> threadTracks() {
    return tracks.values().stream().filter(TrackDescriptor::hasThread).toList();
  }

  public long threadTrack(int tid) {
    List<TrackDescriptor> found = threadTracks().stream().filter(d -> d.getThread().getTid() == tid).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one thread track for tid " + tid + ", found " + found.size());
    }
    return found.get(0).getUuid();
  }

  public TrackDescriptor processTrack(int pid) {
    List<TrackDescriptor> found = processTracks().stream().filter(d -> d.getProcess().getPid() == pid).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one process track for pid " + pid + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The counter track of that name (one of the trace's, or one under a process track), by uuid; fails unless there is one. */
  public long counterTrack(String name, long parentUuid) {
    List<TrackDescriptor> found = tracks.values().stream()
        .filter(d -> d.hasCounter() && d.getName().equals(name) && d.getParentUuid() == parentUuid).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one counter track " + name + " under " + parentUuid + ", found " + found);
    }
    return found.get(0).getUuid();
  }

  /** The values of a counter track, in time order. */
  public List<Counter> countersOn(long track) {
    return counters.stream().filter(c -> c.track() == track).toList();
  }

  public List<Slice> slicesOn(long track) {
    return slices.stream().filter(s -> s.track == track).toList();
  }

  public List<Slice> slicesInCategory(String category) {
    return slices.stream().filter(s -> s.categories.contains(category)).toList();
  }

  public Slice only(String name, long track) {
    List<Slice> found = slicesOn(track).stream().filter(s -> name.equals(s.name)).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one slice " + name + " on track " + track + ", found " + found);
    }
    return found.get(0);
  }
}
