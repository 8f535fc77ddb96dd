/**
 * Running a command under strace and streaming strace's output while it runs: the library side
 * of {@code systrument record}, usable from test harnesses (see docs/record.md).
 */
package dev.systrument.parser.record;
