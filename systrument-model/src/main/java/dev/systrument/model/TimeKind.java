package dev.systrument.model;

/** Where an event's timestamp came from. */
public enum TimeKind {
  /** {@code -ttt} or {@code --timestamps=unix,us|ns}: real epoch time. */
  EPOCH,
  /**
   * {@code -t} / {@code -tt}: time of day only; the reader adds a base date (default: the file's
   * modification date) and counts midnight rollovers.
   */
  TIME_OF_DAY,
  /** {@code -r}: seconds since the previous record; the reader accumulates them from 0. */
  RELATIVE,
  /** No timestamps in the log: synthetic, one microsecond per record in log order. */
  NONE;

  /** True when the timestamps are real wall-clock times (possibly with an assumed date). */
  public boolean isWallClock() {
    return this == EPOCH || this == TIME_OF_DAY;
  }

  /**
   * True when differences between timestamps are real durations: wall-clock logs, and {@code -r}
   * logs, whose times are offsets from the first record. Only untimed logs have none.
   */
  public boolean measuresTime() {
    return this != NONE;
  }
}
