package dev.systrument.perfetto;

import static dev.systrument.perfetto.PerfettoFields.Annotation;
import static dev.systrument.perfetto.PerfettoFields.Event;

import dev.systrument.model.ArgumentTextSink;
import dev.systrument.model.Redaction;
import dev.systrument.model.SyscallEvent;
import dev.systrument.model.SyscallResult;
import dev.systrument.model.value.Value;
import java.util.Arrays;
import java.util.List;

/**
 * Writes TrackEvent debug annotations (the "Arguments" panel in the UI, {@code args} rows with
 * keys {@code debug.*} in the trace processor). Keys are interned; no key is both a value and a
 * prefix of another key ({@code errno.name} and {@code errno.message}, never {@code errno} and
 * {@code errno.message}), because the UI builds a tree from the dotted keys.
 */
final class Annotations {
  private static final String[] ARG_KEYS = new String[16];
  private static final String[] FD_PATH_KEYS = new String[8];

  static {
    for (int i = 0; i < ARG_KEYS.length; i++) {
      ARG_KEYS[i] = "arg" + i;
    }
    FD_PATH_KEYS[0] = "fd.path";
    for (int i = 1; i < FD_PATH_KEYS.length; i++) {
      FD_PATH_KEYS[i] = "fd.path_" + (i + 1);
    }
  }

  private final PacketStream stream;
  /** Interned iids of ARG_KEYS, FD_PATH_KEYS and "ret" once known (0: not yet, or not interned). */
  private final long[] argKeyIids = new long[ARG_KEYS.length];
  private final long[] fdPathKeyIids = new long[FD_PATH_KEYS.length];
  private final long[] retKeyIid = new long[1];

  Annotations(PacketStream stream) {
    this.stream = stream;
  }

  /** A string annotation holding {@code value.toText()}, written without building the String. */
  void text(ProtoBuffer p, String key, long[] iids, int index, Value value) {
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    name(p, key, iids, index);
    ValueText.field(p, Annotation.STRING_VALUE, value);
    p.endMessage(mark);
  }

  void string(ProtoBuffer p, String key, String value) {
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    name(p, key);
    p.string(Annotation.STRING_VALUE, value);
    p.endMessage(mark);
  }

  /** {@link #string} for values that come back again and again: interned ({@link StringValues}). */
  void repeatedString(ProtoBuffer p, String key, String value) {
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    name(p, key);
    byte[] utf8 = p.utf8(value);
    stringValue(p, utf8, 0, utf8.length);
    p.endMessage(mark);
  }

  void integer(ProtoBuffer p, String key, long value) {
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    name(p, key);
    p.uint64(Annotation.INT_VALUE, value);
    p.endMessage(mark);
  }

  void bool(ProtoBuffer p, String key, boolean value) {
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    name(p, key);
    p.bool(Annotation.BOOL_VALUE, value);
    p.endMessage(mark);
  }

  void stringArray(ProtoBuffer p, String key, List<String> values) {
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    name(p, key);
    for (String v : values) {
      int item = p.beginMessage(Annotation.ARRAY_VALUES);
      p.string(Annotation.STRING_VALUE, v);
      p.endMessage(item);
    }
    p.endMessage(mark);
  }

  /**
   * {@code env} as a dict of variable → value under {@code redaction}; nothing when it exports no
   * environment. Entry names are written inline: variable names are unbounded.
   */
  void environment(ProtoBuffer p, List<Value.Str> env, Redaction redaction) {
    if (!redaction.exportsEnv()) {
      return;
    }
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    name(p, "env");
    for (Value.Str entry : env) {
      String text = entry.text();
      int eq = text.indexOf('=');
      String var = eq < 0 ? text : text.substring(0, eq);
      String value = eq < 0 ? "" : text.substring(eq + 1);
      int item = p.beginMessage(Annotation.DICT_ENTRIES);
      p.string(Annotation.NAME, var.isEmpty() ? "(empty)" : var);
      p.string(Annotation.STRING_VALUE, redaction.envValue(var, value));
      p.endMessage(item);
    }
    p.endMessage(mark);
  }

  /**
   * A syscall's arguments, result and error. For {@code openat(AT_FDCWD</tmp>, "/etc/x",
   * O_RDONLY) = 3</etc/x>}: {@code arg0=AT_FDCWD}, {@code arg1=/etc/x}, {@code arg2=O_RDONLY},
   * {@code ret=3}, and the {@code -y} paths as {@code fd.path=/tmp}, {@code fd.path_2=/etc/x}
   * (in argument order, the result's last). {@code clone(child_stack=NULL, flags=…)} names its arguments
   * itself: {@code child_stack}, {@code flags}. An exec call's argv and environment are shown
   * under {@code redaction}.
   */
  void syscall(ProtoBuffer p, SyscallEvent s, Redaction redaction) {
    if (Redaction.execArgvIndex(s.name()) >= 0) {
      s = redaction.call(s); // argv and environment hidden, in the values and the text
    }
    int fdPaths = 0;
    List<Value> values = null;
    if (renderArguments(p, s)) { // declines for exec calls redacted above: their values are decoded
      fdPaths = renderedFdPaths;
    } else if ((values = decode(s)) == null) {
      string(p, "args", s.arguments().text());
    } else {
      for (int i = 0; i < values.size(); i++) {
        Value v = values.get(i);
        String key = i < ARG_KEYS.length ? ARG_KEYS[i] : "arg" + i;
        long[] keyIids = argKeyIids;
        Value shown = v;
        if (v instanceof Value.Named n) {
          key = n.name();
          keyIids = null;
          shown = n.value();
        }
        byte[] annotation = shown instanceof Value.Annotated a ? p.utf8(a.annotation()) : null;
        if (annotation != null && looksLikeFileTarget(annotation, 0, annotation.length)) {
          text(p, key, keyIids, i, ((Value.Annotated) shown).value()); // the path goes to fd.path, once
          fdPaths = fdPath(p, fdPaths, annotation, 0, annotation.length);
        } else {
          text(p, key, keyIids, i, shown);
        }
      }
    }
    SyscallResult r = s.result();
    switch (s.completion()) {
      case COMPLETE -> {
        int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
        name(p, "ret", retKeyIid, 0);
        String text = r.text();
        if (r.known() && (s.failed() || text.length() < 3 || !text.startsWith("0x"))) {
          p.uint64(Annotation.INT_VALUE, r.value());
        } else {
          p.stringOnce(Annotation.STRING_VALUE, text); // pointers (mmap, brk) rarely repeat
        }
        p.endMessage(mark);
      }
      case UNFINISHED -> string(p, "completion", "unfinished");
      case DETACHED -> string(p, "completion", "detached");
    }
    if (!r.annotation().isEmpty()) {
      byte[] annotation = p.utf8(r.annotation()); // cached: the same paths come back all the time
      if (looksLikeFileTarget(annotation, 0, annotation.length)) {
        fdPath(p, fdPaths, annotation, 0, annotation.length);
      }
    }
    if (s.failed()) {
      string(p, "errno.name", r.errno());
      if (!r.errnoMessage().isEmpty()) {
        repeatedString(p, "errno.message", r.errnoMessage());
      }
    }
  }

  /** Where {@link #renderArguments} writes; set for the duration of one call. */
  private ProtoBuffer renderTarget;
  private int renderedFdPaths;

  /**
   * Each argument's text straight from the log's bytes (see {@code Arguments#renderTo}): the
   * same annotations as from the values, without building them. False when the arguments need
   * the values; nothing was written then.
   */
  private boolean renderArguments(ProtoBuffer p, SyscallEvent s) {
    renderTarget = p;
    renderedFdPaths = 0;
    try {
      return s.arguments().renderTo(renderedArgument);
    } finally {
      renderTarget = null;
    }
  }

  private final ArgumentTextSink renderedArgument = (index, name, bytes, start, end, annotationStart, annotationEnd) -> {
    ProtoBuffer p = renderTarget;
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    if (name != null) {
      name(p, name);
    } else {
      name(p, index < ARG_KEYS.length ? ARG_KEYS[index] : "arg" + index, argKeyIids, index);
    }
    boolean fileTarget = annotationStart >= 0 && looksLikeFileTarget(bytes, annotationStart, annotationEnd);
    if (annotationStart >= 0 && !fileTarget) {
      // `18276<bash>`: the text is the value with its annotation, as toText() writes it
      int value = p.beginMessage(Annotation.STRING_VALUE);
      p.rawBytes(bytes, start, end - start);
      p.rawAscii('<');
      p.rawBytes(bytes, annotationStart, annotationEnd - annotationStart);
      p.rawAscii('>');
      p.endMessage(value);
    } else {
      p.bytes(Annotation.STRING_VALUE, bytes, start, end - start);
    }
    p.endMessage(mark);
    if (fileTarget) {
      renderedFdPaths = fdPath(p, renderedFdPaths, bytes, annotationStart, annotationEnd);
    }
  };

  /** A string value that may repeat, interned ({@link StringValues}). */
  private void stringValue(ProtoBuffer p, byte[] bytes, int start, int end) {
    stream.stringValues.write(p, stream.pendingInterned(), bytes, start, end);
  }

  /** Named fields of a siginfo ({@code si_signo=SIGCHLD, si_pid=19588, …}) as annotations. */
  void fields(ProtoBuffer p, List<Value> values) {
    for (int i = 0; i < values.size(); i++) {
      Value v = values.get(i);
      if (v instanceof Value.Named n) {
        text(p, n.name(), null, 0, n.value());
      } else {
        text(p, i < ARG_KEYS.length ? ARG_KEYS[i] : "arg" + i, argKeyIids, i, v);
      }
    }
  }

  /** Decoded arguments, or null when decoding failed (a decoder bug must not stop the export). */
  static List<Value> decode(SyscallEvent s) {
    try {
      return s.arguments().values();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The {@code index}th {@code fd.path} annotation ({@code fd.path}, {@code fd.path_2}, ...). */
  private int fdPath(ProtoBuffer p, int index, byte[] bytes, int start, int end) {
    int mark = p.beginMessage(Event.DEBUG_ANNOTATIONS);
    if (index < FD_PATH_KEYS.length) {
      name(p, FD_PATH_KEYS[index], fdPathKeyIids, index);
    } else {
      name(p, "fd.path_" + (index + 1));
    }
    stringValue(p, bytes, start, end);
    p.endMessage(mark);
    return index + 1;
  }


  /**
   * Whether a {@code -y}/{@code -yy} annotation names what an fd refers to ({@code /etc/passwd},
   * {@code socket:[1234]}, {@code pipe:[5]}, {@code anon_inode:inotify}) rather than the command
   * name {@code -Y} prints next to a pid ({@code 18276<bash>}).
   */
  static boolean looksLikeFileTarget(byte[] b, int start, int end) {
    if (start < end && b[start] == '/') {
      return true;
    }
    for (int i = start; i + 1 < end; i++) {
      if (b[i] == ':' && b[i + 1] == '[') {
        return true;
      }
    }
    return startsWith(b, start, end, ANON_INODE);
  }

  private static final byte[] ANON_INODE = "anon_inode:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static boolean startsWith(byte[] b, int start, int end, byte[] prefix) {
    return end - start >= prefix.length && Arrays.equals(b, start, start + prefix.length, prefix, 0, prefix.length);
  }

  /**
   * {@link #name(ProtoBuffer, String)} for the fixed keys, remembering their iids in {@code
   * iids[index]} ({@code iids} null: not a fixed key): iids never change once given, and
   * the hash lookup per argument showed in profiles.
   */
  private void name(ProtoBuffer p, String key, long[] iids, int index) {
    if (iids == null || index >= iids.length) {
      name(p, key);
      return;
    }
    long iid = iids[index];
    if (iid == 0) {
      iid = stream.annotationNames.iid(key, stream.pendingInterned());
      iids[index] = iid;
    }
    if (iid != 0) {
      p.uint64(Annotation.NAME_IID, iid);
    } else {
      p.string(Annotation.NAME, key);
    }
  }

  private void name(ProtoBuffer p, String key) {
    long iid = stream.annotationNames.iid(key, stream.pendingInterned());
    if (iid != 0) {
      p.uint64(Annotation.NAME_IID, iid);
    } else {
      p.string(Annotation.NAME, key);
    }
  }
}
