package dev.systrument.model.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systrument.model.SyscallResult;
import dev.systrument.model.value.Value;
import org.junit.jupiter.api.Test;

/** What a spawn shares with its caller: threads share descriptors and directory, fork copies them. */
class SpawnSharingTest {
  private final Events e = new Events();

  @Test
  void aThreadSharesTheFileTableAndTheWorkingDirectory() {
    Spawn thread = spawn(e.clone3(1, 10, 2, "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD"));
    assertThat(thread.sharesFileTable()).isTrue();
    assertThat(thread.sharesWorkingDirectory()).isTrue();
  }

  @Test
  void aForkAndAPosixSpawnCopyThem() {
    assertThat(spawn(e.fork(1, 10, 2)).sharesFileTable()).isFalse();
    Spawn posixSpawn = spawn(e.clone(1, 10, 2, "CLONE_VM", "CLONE_VFORK", "SIGCHLD"));
    assertThat(posixSpawn.sharesFileTable()).isFalse();
    assertThat(posixSpawn.sharesWorkingDirectory()).isFalse();
  }

  @Test
  void flagsPrintedAsANumberAreReadToo() {
    // CLONE_VM|CLONE_FS|CLONE_FILES|SIGCHLD = 0x100 | 0x200 | 0x400 | 0x11
    Spawn spawn = spawn(e.clone(1, 10, SyscallResult.of(2), new Value.Num(0x711, "0x711")));
    assertThat(spawn.sharesFileTable()).isTrue();
    assertThat(spawn.sharesWorkingDirectory()).isTrue();
  }

  private static Spawn spawn(dev.systrument.model.SyscallEvent call) {
    return new Spawn(new Task(1, 1, 1, 1), 1, 1, call);
  }
}
