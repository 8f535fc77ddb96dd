package dev.systrument.perfetto;

/**
 * Field numbers of Perfetto's trace format, as declared upstream (protos/perfetto/trace/...) and in
 * our subset {@code src/main/proto/perfetto_trace.proto}. The one place the hand-written encoder
 * takes numbers from; the tests parse its output with the generated classes, so a wrong number
 * here fails them.
 */
final class PerfettoFields {
  private PerfettoFields() {}

  /** trace.proto */
  static final int TRACE_PACKET = 1;

  /** trace_packet.proto */
  static final class Packet {
    static final int TIMESTAMP = 8;
    static final int TRUSTED_PACKET_SEQUENCE_ID = 10;
    static final int SEQUENCE_FLAGS = 13;
    static final int FIRST_PACKET_ON_SEQUENCE = 87;
    static final int INTERNED_DATA = 12;
    static final int PROCESS_TREE = 2;
    static final int TRACK_EVENT = 11;
    static final int TRACK_DESCRIPTOR = 60;

    static final int SEQ_INCREMENTAL_STATE_CLEARED = 1;
    static final int SEQ_NEEDS_INCREMENTAL_STATE = 2;

    private Packet() {}
  }

  /** track_descriptor.proto, process_descriptor.proto, thread_descriptor.proto, counter_descriptor.proto */
  static final class Track {
    static final int UUID = 1;
    static final int PARENT_UUID = 5;
    static final int PROCESS = 3;
    static final int THREAD = 4;

    static final int PROCESS_PID = 1;
    static final int PROCESS_CMDLINE = 2;
    static final int PROCESS_NAME = 6;

    static final int THREAD_PID = 1;
    static final int THREAD_TID = 2;
    static final int THREAD_NAME = 5;

    static final int NAME = 2;
    static final int COUNTER = 8;
    /** counter_descriptor.proto */
    static final int COUNTER_UNIT = 3;
    static final int UNIT_COUNT = 2;
    static final int UNIT_SIZE_BYTES = 3;

    private Track() {}
  }

  /** track_event.proto */
  static final class Event {
    static final int TYPE = 9;
    static final int TRACK_UUID = 11;
    static final int CATEGORY_IIDS = 3;
    static final int NAME_IID = 10;
    static final int NAME = 23;
    static final int DEBUG_ANNOTATIONS = 4;
    static final int FLOW_IDS = 47;
    static final int TERMINATING_FLOW_IDS = 48;
    static final int LOG_MESSAGE = 21;
    static final int COUNTER_VALUE = 30;

    static final int TYPE_SLICE_BEGIN = 1;
    static final int TYPE_SLICE_END = 2;
    static final int TYPE_INSTANT = 3;
    static final int TYPE_COUNTER = 4;

    private Event() {}
  }

  /** debug_annotation.proto */
  static final class Annotation {
    static final int NAME_IID = 1;
    static final int NAME = 10;
    static final int BOOL_VALUE = 2;
    static final int INT_VALUE = 4;
    static final int STRING_VALUE = 6;
    static final int STRING_VALUE_IID = 17;
    static final int DICT_ENTRIES = 11;
    static final int ARRAY_VALUES = 12;

    private Annotation() {}
  }

  /** log_message.proto */
  static final class Log {
    static final int BODY_IID = 2;
    static final int PRIO = 3;

    static final int PRIO_INFO = 4;
    static final int PRIO_WARN = 5;

    private Log() {}
  }

  /**
   * interned_data.proto. Every interned entry we use (EventCategory, EventName,
   * DebugAnnotationName, LogMessageBody) has {@code iid = 1} and its string as field 2.
   */
  static final class Interned {
    static final int EVENT_CATEGORIES = 1;
    static final int EVENT_NAMES = 2;
    static final int DEBUG_ANNOTATION_NAMES = 3;
    static final int LOG_MESSAGE_BODY = 20;
    static final int DEBUG_ANNOTATION_STRING_VALUES = 29;

    static final int ENTRY_IID = 1;
    static final int ENTRY_VALUE = 2;

    private Interned() {}
  }

  /** ps/process_tree.proto */
  static final class ProcessTree {
    static final int PROCESSES = 1;
    static final int PID = 1;
    static final int PPID = 2;
    static final int CMDLINE = 3;

    private ProcessTree() {}
  }
}
