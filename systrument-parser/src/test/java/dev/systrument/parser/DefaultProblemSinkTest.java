package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A library user who gives no problem sink still sees what was skipped: the default logs each
 * problem as a warning (here through java.util.logging, the platform logger's default backend).
 */
class DefaultProblemSinkTest {
  @Test
  void withoutASinkEachProblemIsLoggedAsAWarning() throws Exception {
    Logger logger = Logger.getLogger("dev.systrument.parser");
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    boolean parents = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false); // keep the test's stderr quiet
    try {
      byte[] log = """
          1700000000.000100 execve("/bin/true", ["true"], 0x7ffd3a1c2e48 /* 4 vars */) = 0 <0.000200>
          1700000000.000300 brk(NULL
          1700000000.000500 +++ exited with 0 +++
          """.getBytes(StandardCharsets.UTF_8);
      try (StraceReader reader = StraceReader.open(new ByteArrayInputStream(log), "t.strace", ReaderOptions.defaults())) {
        while (reader.next() != null) {
          // drain
        }
        assertThat(reader.summary().problems()).isEqualTo(1);
      }
    } finally {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(parents);
    }

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).startsWith("t.strace:2:").contains("brk(NULL");
    });
  }
}
