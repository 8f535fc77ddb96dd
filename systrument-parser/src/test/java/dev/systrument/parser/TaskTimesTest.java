package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskTimesTest {

  @Test
  void keepsTheLatestTimePerTaskThroughGrowth() {
    TaskTimes t = new TaskTimes();
    assertThat(t.latest(19599)).isEqualTo(Long.MIN_VALUE);
    for (int pid = 1; pid <= 10_000; pid++) {
      t.delivered(pid, pid * 10L);
    }
    t.delivered(5, 3L); // earlier than what it has: the latest stays
    t.delivered(6, 100L);
    assertThat(t.latest(5)).isEqualTo(50L);
    assertThat(t.latest(6)).isEqualTo(100L);
    assertThat(t.latest(10_000)).isEqualTo(100_000L);
    assertThat(t.latest(10_001)).isEqualTo(Long.MIN_VALUE);
  }
}
