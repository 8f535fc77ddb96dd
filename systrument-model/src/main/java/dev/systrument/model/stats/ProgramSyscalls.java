package dev.systrument.model.stats;

import java.util.List;

/**
 * The syscalls one program made, most costly first (by {@code -T} time, else by count).
 *
 * @param calls all its calls
 * @param totalNs their summed {@code -T} time; -1 without {@code -T}
 */
public record ProgramSyscalls(String program, long calls, long totalNs, List<SyscallRow> rows) {
  public ProgramSyscalls {
    rows = List.copyOf(rows);
  }
}
