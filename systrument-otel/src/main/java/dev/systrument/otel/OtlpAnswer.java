package dev.systrument.otel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * What an OTLP/HTTP receiver says in its answer bodies, which the SDK's exporter (1.68) does not
 * read: the partial success of a 200 and the message of a 4xx/5xx. Both are tiny protobuf messages,
 * so they are read by hand here rather than pulling protobuf-java into the exporter:
 *
 * <pre>
 * ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
 * ExportTracePartialSuccess  { int64 rejected_spans = 1; string error_message = 2; }
 * ExportLogsServiceResponse  { ExportLogsPartialSuccess partial_success = 1; }
 * ExportLogsPartialSuccess   { int64 rejected_log_records = 1; string error_message = 2; }
 * google.rpc.Status          { int32 code = 1; string message = 2; repeated Any details = 3; }
 * </pre>
 *
 * A body that is not such a message (a proxy's HTML page, JSON) reads as "nothing said": {@link
 * PartialSuccess#NONE}, or a null message. Nothing here throws.
 */
final class OtlpAnswer {
  private static final int PARTIAL_SUCCESS = 1;
  private static final int REJECTED = 1;
  private static final int ERROR_MESSAGE = 2;
  private static final int STATUS_MESSAGE = 2;

  private OtlpAnswer() {}

  /**
   * The {@code partial_success} of a 2xx answer to a trace or log export.
   *
   * @param rejected spans or log records the receiver did not accept ({@code rejected_spans},
   *     {@code rejected_log_records}); 0 with a message is a warning
   * @param message the receiver's {@code error_message}, possibly empty
   */
  record PartialSuccess(long rejected, String message) {
    static final PartialSuccess NONE = new PartialSuccess(0, "");

    boolean isNone() {
      return rejected == 0 && message.isEmpty();
    }
  }

  /** The partial success in {@code body} (an {@code Export*ServiceResponse}); NONE when there is none. */
  static PartialSuccess partialSuccess(byte[] body) {
    if (body == null) {
      return PartialSuccess.NONE;
    }
    try {
      Reader response = new Reader(body, 0, body.length);
      PartialSuccess found = PartialSuccess.NONE;
      while (response.more()) {
        int tag = response.tag();
        if (tag == (PARTIAL_SUCCESS << 3 | Reader.LENGTH_DELIMITED)) {
          found = readPartialSuccess(response.message());
        } else {
          response.skip(tag);
        }
      }
      return found;
    } catch (Malformed e) {
      return PartialSuccess.NONE;
    }
  }

  private static PartialSuccess readPartialSuccess(Reader r) throws Malformed {
    long rejected = 0;
    String message = "";
    while (r.more()) {
      int tag = r.tag();
      if (tag == (REJECTED << 3 | Reader.VARINT)) {
        rejected = r.varint();
      } else if (tag == (ERROR_MESSAGE << 3 | Reader.LENGTH_DELIMITED)) {
        message = r.string();
      } else {
        r.skip(tag);
      }
    }
    return new PartialSuccess(Math.max(rejected, 0), message);
  }

  /** {@code google.rpc.Status.message} of a 4xx/5xx answer body, or null when there is none. */
  static String statusMessage(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      Reader r = new Reader(body, 0, body.length);
      String message = null;
      while (r.more()) {
        int tag = r.tag();
        if (tag == (STATUS_MESSAGE << 3 | Reader.LENGTH_DELIMITED)) {
          message = r.string();
        } else {
          r.skip(tag);
        }
      }
      return message == null || message.isBlank() ? null : message;
    } catch (Malformed e) {
      return null;
    }
  }

  /** Not a protobuf message of the expected shape. */
  private static final class Malformed extends Exception {
    Malformed() {
      super(null, null, false, false);
    }
  }

  /** Reads protobuf wire format from {@code bytes[pos, end)}. */
  private static final class Reader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private int pos;
    private final int end;

    Reader(byte[] bytes, int pos, int end) {
      this.bytes = bytes;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int tag() throws Malformed {
      long tag = varint();
      if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
        throw new Malformed();
      }
      return (int) tag;
    }

    long varint() throws Malformed {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new Malformed();
        }
        byte b = bytes[pos++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new Malformed();
    }

    /** The length-delimited field just tagged, as a reader over its bytes; moves past it. */
    Reader message() throws Malformed {
      int length = length();
      Reader inner = new Reader(bytes, pos, pos + length);
      pos += length;
      return inner;
    }

    String string() throws Malformed {
      int length = length();
      try {
        String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, pos, length)).toString();
        pos += length;
        return s;
      } catch (CharacterCodingException e) {
        throw new Malformed(); // proto3 strings are UTF-8: this is not the message we expect
      }
    }

    void skip(int tag) throws Malformed {
      switch (tag & 7) {
        case VARINT -> varint();
        case FIXED64 -> advance(8);
        case LENGTH_DELIMITED -> advance(length());
        case FIXED32 -> advance(4);
        default -> throw new Malformed(); // groups (3, 4) are not used by these messages
      }
    }

    private int length() throws Malformed {
      long length = varint();
      if (length < 0 || length > end - pos) {
        throw new Malformed();
      }
      return (int) length;
    }

    private void advance(int n) throws Malformed {
      if (n > end - pos) {
        throw new Malformed();
      }
      pos += n;
    }
  }
}
