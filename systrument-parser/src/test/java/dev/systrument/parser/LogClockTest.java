package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.TimeKind;
import dev.systrument.parser.FramedLine.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The log's clock is the first record's format; other formats are refused, not mixed in. */
class LogClockTest {
  private static final long S = 1_000_000_000L;

  private static LogClock clock() {
    return new LogClock(ReaderOptions.defaults().withZone(ZoneOffset.UTC), LocalDate.of(2026, 12, 8), -1);
  }

  @Test
  void epochSecondsAsPrinted() {
    LogClock c = clock();
    assertThat(c.kind()).isNull();
    assertThat(c.record(Clock.SECONDS, 1_796_701_128_107_609_000L)).isEqualTo(1_796_701_128_107_609_000L);
    assertThat(c.kind()).isEqualTo(TimeKind.EPOCH);
  }

  @Test
  void relativeTimesAddUpFromZero() {
    // `6713      0.000000 execve(...)`, `6713      0.000322 brk(NULL)`, `6713      0.000249 mmap(...)`
    LogClock c = clock();
    assertThat(c.record(Clock.SECONDS, 0)).isZero();
    assertThat(c.record(Clock.SECONDS, 322_000)).isEqualTo(322_000);
    assertThat(c.record(Clock.SECONDS, 249_000)).isEqualTo(571_000);
    assertThat(c.kind()).isEqualTo(TimeKind.RELATIVE);
  }

  @Test
  void aTimeOfDayAfterEpochSecondsIsRefused() {
    LogClock c = clock();
    c.record(Clock.SECONDS, 1_796_701_128_107_609_000L);
    assertThat(c.record(Clock.TIME_OF_DAY, (14 * 3600 + 32 * 60 + 1) * S)).isEqualTo(LogClock.MISMATCH);
    assertThat(c.mismatchMessage(Clock.TIME_OF_DAY, 0)).startsWith(
        "this line has a time of day (-t/-tt), but the log's first record had epoch seconds (-ttt)");
    assertThat(c.last()).isEqualTo(1_796_701_128_107_609_000L); // the clock did not move
    // a relative time is refused too, and a line without a time keeps the last time
    assertThat(c.record(Clock.SECONDS, 322_000)).isEqualTo(LogClock.MISMATCH);
    assertThat(c.record(Clock.NONE, 0)).isEqualTo(1_796_701_128_107_609_000L);
  }

  @Test
  void aTimedLineInAnUntimedLogIsRefused() {
    LogClock c = clock();
    assertThat(c.record(Clock.NONE, 0)).isZero();
    assertThat(c.record(Clock.NONE, 0)).isEqualTo(1_000);
    assertThat(c.record(Clock.SECONDS, 1_796_701_128_107_609_000L)).isEqualTo(LogClock.MISMATCH);
    assertThat(c.kind()).isEqualTo(TimeKind.NONE);
  }

  @Test
  void timeOfDayOnTheBaseDateCountsMidnight() {
    LogClock c = clock();
    long midnight = LocalDate.of(2026, 12, 8).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * S;
    assertThat(c.record(Clock.TIME_OF_DAY, 86_399 * S)).isEqualTo(midnight + 86_399 * S);
    assertThat(c.record(Clock.TIME_OF_DAY, 1 * S)).isEqualTo(midnight + 86_401 * S);
  }
}
