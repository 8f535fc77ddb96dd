package dev.systrument.model.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tracker's tid table against java.util.HashMap, with the churn of a long build log. */
class TaskTableTest {

  @Test
  void agreesWithHashMapUnderRandomPutsAndRemoves() {
    TaskTable table = new TaskTable();
    Map<Integer, TaskState> reference = new HashMap<>();
    Random random = new Random(20260326L);
    for (int i = 0; i < 200_000; i++) {
      // Pids cluster like real ones (consecutive, recycled) so probe runs collide and wrap.
      int tid = 1 + random.nextInt(3_000);
      if (random.nextInt(3) == 0) {
        table.remove(tid);
        reference.remove(tid);
      } else {
        TaskState t = new TaskState(i, tid, i);
        table.put(tid, t);
        reference.put(tid, t);
      }
      if (i % 1_000 == 0) {
        for (int probe = 1; probe <= 3_000; probe++) {
          assertThat(table.get(probe)).isSameAs(reference.get(probe));
        }
      }
    }
    assertThat(table.size()).isEqualTo(reference.size());
    assertThat(table.values()).containsExactlyInAnyOrderElementsOf(reference.values());
  }

  @Test
  void removingAnAbsentTidChangesNothing() {
    TaskTable table = new TaskTable();
    TaskState t = new TaskState(1, 42, 0);
    table.put(42, t);
    table.remove(43);
    assertThat(table.get(42)).isSameAs(t);
    assertThat(table.size()).isEqualTo(1);
  }
}
