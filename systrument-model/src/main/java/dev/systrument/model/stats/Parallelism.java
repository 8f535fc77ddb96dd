package dev.systrument.model.stats;

/**
 * How many processes ran at once, from every process's start and end.
 *
 * @param peak the most processes alive at the same time
 * @param mean processes alive on average over the wall time (time-weighted); NaN without times
 * @param serialNs how long exactly one process was alive; -1 without times
 * @param wallNs from the first start to the last end; -1 without times
 */
public record Parallelism(int peak, double mean, long serialNs, long wallNs) {

  /** Share of the wall time during which one process ran alone, 0..1; NaN without times. */
  public double serialShare() {
    return wallNs > 0 ? (double) serialNs / wallNs : Double.NaN;
  }
}
