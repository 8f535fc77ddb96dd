package dev.systrument.cli;

import java.nio.file.Path;
import java.util.List;

/** Entry point of {@code systrument-cli.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    JvmLaunch.Relaunch relaunch = JvmLaunch.relaunch(args, System.getenv());
    if (relaunch != null) {
      System.exit(JvmLaunch.runChild(relaunch));
    }
    CliContext context = new CliContext(System.in, System.out, System.err, System.getenv(), Path.of("").toAbsolutePath());
    int code = new Cli(context).run(args);
    System.out.flush();
    System.exit(code);
  }
}
