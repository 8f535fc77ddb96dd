package dev.systrument.parser;

import dev.systrument.model.TimeKind;
import dev.systrument.parser.FramedLine.Clock;
import java.time.LocalDate;

/**
 * Turns the times strace prints into one clock of nanoseconds. The log's time format is the first
 * record's (strace's own messages carry no time and never decide it):
 *
 * <ul>
 *   <li>{@code 1795658719.241275} (-ttt, {@code --timestamps=unix,ns}): epoch time as printed;
 *   <li>{@code 02:05:20.446742} (-t, -tt): time of day, on a base date (the option, else the file's
 *       modification date), counting midnight rollovers;
 *   <li>{@code      0.000557} (-r): seconds since the previous record, summed from 0 at the first
 *       (told apart from -ttt by magnitude: no epoch time is before 1973);
 *   <li>nothing: one synthetic microsecond per record, in log order.
 * </ul>
 *
 * A record whose time is in another format than the log's ({@code -ttt} lines, then
 * {@code 14:32:01} lines, from logs pasted together; a timed line in an untimed log) would
 * otherwise put two time bases years apart into one trace: {@link #record} says so ({@link
 * #MISMATCH}) and the reader skips the line. A line without a time in a timed log keeps the time
 * of the record before it.
 */
final class LogClock {
  /** What {@link #record} returns for a time in another format than the log's. */
  static final long MISMATCH = Long.MIN_VALUE;

  private static final long NANOS_PER_DAY = 86_400_000_000_000L;
  /** -ttt values below this (about 1973) are -r relative times, not epoch seconds. */
  private static final long RELATIVE_LIMIT_NS = 100_000_000L * 1_000_000_000L;

  private final ReaderOptions options;
  private final LocalDate fileDate;
  private final long fileTimeOfDayNs;

  private TimeKind kind;
  private long lastTs;
  private long relativeNs;
  private long records;
  private long midnightNs = Long.MIN_VALUE;
  private long lastTimeOfDay = -1;
  private long days;

  /**
   * @param fileDate the log file's modification date (the base date of -t/-tt times), or null
   * @param fileTimeOfDayNs its modification time of day, or -1
   */
  LogClock(ReaderOptions options, LocalDate fileDate, long fileTimeOfDayNs) {
    this.options = options;
    this.fileDate = fileDate;
    this.fileTimeOfDayNs = fileTimeOfDayNs;
  }

  /** The log's time format, or null before its first record. */
  TimeKind kind() {
    return kind;
  }

  /** The log's time format, {@link TimeKind#NONE} while not known. */
  TimeKind kindOrNone() {
    return kind == null ? TimeKind.NONE : kind;
  }

  /** The time of the last record (0 before the first). */
  long last() {
    return lastTs;
  }

  /**
   * The time of a record line printed with {@code clock} ({@code clockNs} as framed, not
   * negative), or {@link #MISMATCH} when its format is not the log's.
   */
  long record(Clock clock, long clockNs) {
    if (kind == TimeKind.EPOCH && clock == Clock.SECONDS && clockNs >= RELATIVE_LIMIT_NS) {
      records++; // the common case, asked of every record: -ttt in a -ttt log, as printed
      lastTs = clockNs;
      return clockNs;
    }
    TimeKind lineKind = switch (clock) {
      case SECONDS -> clockNs < RELATIVE_LIMIT_NS ? TimeKind.RELATIVE : TimeKind.EPOCH;
      case TIME_OF_DAY -> TimeKind.TIME_OF_DAY;
      default -> TimeKind.NONE;
    };
    if (kind == null) {
      kind = lineKind;
    } else if (lineKind != kind) {
      // a line without a time in a timed log adds no second time base
      return lineKind == TimeKind.NONE ? lastTs : MISMATCH;
    }
    long ts;
    switch (kind) {
      case RELATIVE:
        // saturate: a garbled -r log could add up past 2262
        relativeNs = relativeNs > Long.MAX_VALUE - clockNs ? Long.MAX_VALUE : relativeNs + clockNs;
        ts = relativeNs;
        break;
      case EPOCH:
        ts = clockNs;
        break;
      case TIME_OF_DAY:
        if (midnightNs == Long.MIN_VALUE) {
          midnightNs = midnightOfFirstLine(clockNs);
        }
        // strace prints local time without a date: a clock going back by hours is the next day
        if (lastTimeOfDay >= 0 && clockNs < lastTimeOfDay - NANOS_PER_DAY / 2) {
          days++;
        }
        lastTimeOfDay = clockNs;
        ts = midnightNs + days * NANOS_PER_DAY + clockNs;
        break;
      default:
        ts = records * 1_000L;
        break;
    }
    records++;
    lastTs = ts;
    return ts;
  }

  /**
   * For a line whose time {@link #record} refused: what the log's times are and what this one
   * is, for the problem report.
   */
  String mismatchMessage(Clock clock, long clockNs) {
    String line = switch (clock) {
      case SECONDS -> clockNs < RELATIVE_LIMIT_NS ? "a relative time (-r)" : "epoch seconds (-ttt)";
      case TIME_OF_DAY -> "a time of day (-t/-tt)";
      default -> "no time";
    };
    return "this line has " + line + ", but the log's first record had " + describe(kind)
        + ": two time formats in one log (logs pasted together?); the line is skipped";
  }

  private static String describe(TimeKind k) {
    return switch (k) {
      case EPOCH -> "epoch seconds (-ttt)";
      case TIME_OF_DAY -> "a time of day (-t/-tt)";
      case RELATIVE -> "a relative time (-r)";
      case NONE -> "no time";
    };
  }

  private long midnightOfFirstLine(long firstTimeOfDayNs) {
    LocalDate date = options.baseDate();
    if (date == null && fileDate != null) {
      date = fileDate;
      // the modification time is the end of the recording: a first line later in the day than
      // that means the recording started the day before
      if (fileTimeOfDayNs >= 0 && firstTimeOfDayNs > fileTimeOfDayNs + 60_000_000_000L) {
        date = date.minusDays(1);
      }
    }
    if (date == null) {
      date = LocalDate.now(options.zone());
    }
    return date.atStartOfDay(options.zone()).toEpochSecond() * 1_000_000_000L;
  }
}
