package dev.systrument.model.stats;

/**
 * One line of the table {@code strace -c} prints, for one program.
 *
 * @param name the syscall
 * @param calls how many times it was called
 * @param errors how many calls returned an error
 * @param totalNs summed {@code -T} time; -1 when the log has no {@code -T}
 * @param meanNs mean {@code -T} time of a call; -1 when the log has no {@code -T}
 */
public record SyscallRow(String name, long calls, long errors, long totalNs, long meanNs) {}
