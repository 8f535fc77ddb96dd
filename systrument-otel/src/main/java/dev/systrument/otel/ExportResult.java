package dev.systrument.otel;

/**
 * What an {@link OtelExporter} run delivered. A span or log record counts as exported once the
 * receiver acknowledged its request (HTTP 2xx) and did not reject it (OTLP partial success);
 * everything else counts as failed, including what was never sent because an earlier request had
 * already failed. Exported plus failed is everything the exporter was given.
 *
 * @param firstError the first failure, naming the endpoint ({@code cannot export spans to
 *     http://localhost:4318/v1/traces: HTTP 400: invalid span id}, {@code receiver rejected 3 of
 *     512 spans sent to http://localhost:4318/v1/traces: span name too long}), or null
 */
public record ExportResult(long spansExported, long spansFailed, long logsExported, long logsFailed, String firstError) {

  /** True when nothing failed. */
  public boolean success() {
    return spansFailed == 0 && logsFailed == 0 && firstError == null;
  }

  /** {@code 42 spans exported, 0 failed; 1000 log records exported, 0 failed}, plus the first error. */
  public String summary() {
    String counts = spansExported + (spansExported == 1 ? " span" : " spans") + " exported, " + spansFailed + " failed; "
        + logsExported + (logsExported == 1 ? " log record" : " log records") + " exported, " + logsFailed + " failed";
    return firstError == null ? counts : counts + "; " + firstError;
  }
}
