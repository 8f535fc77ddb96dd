package dev.systrument.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Passes SIGINT and SIGTERM sent to this JVM on to whoever does the work (the relaunched child
 * JVM, or the traced command), so that this JVM keeps running until the outputs are finished.
 *
 * <p>Ctrl-C in a terminal already reaches every process of the foreground group, the work
 * included, so SIGINT is only passed on when stdin is not a terminal (a CI job cancelled, {@code
 * timeout -s INT}, {@code kill -INT}); SIGTERM is sent to one process, so it is always passed on.
 * Closing restores the previous handlers.
 */
final class SignalForwarding implements AutoCloseable {
  private record Installed(Signal signal, SignalHandler previous) {}

  private final List<Installed> installed;

  private SignalForwarding(List<Installed> installed) {
    this.installed = installed;
  }

  /** @param send receives {@code INT} or {@code TERM} */
  static SignalForwarding install(Consumer<String> send) {
    boolean interactive = Terminal.isTerminal(0);
    List<Installed> installed = new ArrayList<>();
    try {
      Signal intSignal = new Signal("INT");
      installed.add(new Installed(intSignal, Signal.handle(intSignal, sig -> {
        if (!interactive) {
          send.accept("INT");
        }
      })));
      Signal termSignal = new Signal("TERM");
      installed.add(new Installed(termSignal, Signal.handle(termSignal, sig -> send.accept("TERM"))));
    } catch (IllegalArgumentException e) {
      // signals cannot be handled here: the terminal's still reach the whole process group
    }
    return new SignalForwarding(installed);
  }

  /** Sends a signal by name through kill(1): Process.destroy() can only send SIGTERM. */
  static void send(ProcessHandle target, String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(target.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      target.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (Installed i : installed) {
      Signal.handle(i.signal(), i.previous());
    }
  }
}
