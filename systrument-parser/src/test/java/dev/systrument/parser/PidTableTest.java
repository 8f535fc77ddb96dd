package dev.systrument.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PidTableTest {

  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    Random random = new Random(42);
    PidTable<String> table = new PidTable<>();
    Map<Integer, String> reference = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      // few distinct pids so that probe runs collide and removals must shift entries back
      int pid = random.nextInt(300) * (random.nextBoolean() ? 1 : 64);
      switch (random.nextInt(3)) {
        case 0 -> {
          table.put(pid, "v" + i);
          reference.put(pid, "v" + i);
        }
        case 1 -> assertThat(table.remove(pid)).isEqualTo(reference.remove(pid));
        default -> assertThat(table.get(pid)).isEqualTo(reference.get(pid));
      }
      assertThat(table.size()).isEqualTo(reference.size());
    }
    assertThat(table.values()).containsExactlyInAnyOrderElementsOf(reference.values());
  }
}
