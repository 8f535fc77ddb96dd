package dev.systrument.parser;

import dev.systrument.model.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads whole logs for tests: events, problems and summary together. */
record Logs(List<TraceEvent> events, List<Problem> problems, ReadSummary summary) {

  static Logs read(String text) throws IOException {
    return read(text, ReaderOptions.defaults());
  }

  static Logs read(String text, ReaderOptions options) throws IOException {
    return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), options);
  }

  static Logs read(InputStream in, ReaderOptions options) throws IOException {
    List<Problem> problems = new ArrayList<>();
    try (StraceReader reader = StraceReader.open(in, "test.strace", options.withProblemSink(problems::add))) {
      return drain(reader, problems);
    }
  }

  static Logs read(Path path, ReaderOptions options) throws IOException {
    List<Problem> problems = new ArrayList<>();
    try (StraceReader reader = StraceReader.open(path, options.withProblemSink(problems::add))) {
      return drain(reader, problems);
    }
  }

  private static Logs drain(StraceReader reader, List<Problem> problems) throws IOException {
    List<TraceEvent> events = new ArrayList<>();
    for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
      events.add(e);
    }
    return new Logs(events, problems, reader.summary());
  }

  @SuppressWarnings("unchecked")
  <T extends TraceEvent> List<T> only(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (type.isInstance(e)) {
        out.add((T) e);
      }
    }
    return out;
  }
}
