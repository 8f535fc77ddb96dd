package dev.systrument.parser;

/**
 * In a stderr capture strace writes its {@code strace: Process N attached} message at the moment
 * the new task appears, which may be in the middle of printing another task's line:
 *
 * <pre>
 * 1795658719.876722 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 19601 attached
 * , child_tidptr=0x7f5b3725fa10) = 19601 &lt;0.000113&gt;
 * </pre>
 *
 * The reader cuts such a line in two before framing: the torn start of the call, then the
 * message. (The call's end arrives on the next line and is joined by the reader.)
 */
final class GluedMessage {
  private GluedMessage() {}

  private static final byte[] PROCESS = "strace: Process ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  private static final byte[] ATTACHED = " attached".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  private static final byte[] DETACHED = " detached".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

  /**
   * The index where a glued {@code strace: Process N attached|detached} message starts in
   * {@code b[start, end)}, or -1 when the line has none (or the message starts the line).
   */
  static int find(byte[] b, int start, int end) {
    int suffix = end - ATTACHED.length;
    if (suffix <= start
        || !(LineFramer.startsWith(b, suffix, end, ATTACHED) || LineFramer.startsWith(b, suffix, end, DETACHED))) {
      return -1;
    }
    int d = suffix;
    while (d > start && b[d - 1] >= '0' && b[d - 1] <= '9') {
      d--;
    }
    int at = d - PROCESS.length;
    if (d == suffix || at <= start || !LineFramer.startsWith(b, at, end, PROCESS)) {
      return -1;
    }
    return at;
  }
}
