package dev.systrument.cli;

import com.beust.jcommander.Parameters;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/** {@code version}: what runs, for bug reports (and to see which collector the CLI chose). */
@Parameters(commandDescription = "Print systrument's version and the Java runtime it runs on")
final class VersionCommand implements Command {
  @Override
  public int run(CliContext context) {
    String version = Cli.class.getPackage().getImplementationVersion();
    String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
    context.out().println("systrument " + (version == null ? "(development build)" : version));
    context.out().println("Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), garbage collectors: "
        + collectors + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    return ExitCode.OK;
  }
}
