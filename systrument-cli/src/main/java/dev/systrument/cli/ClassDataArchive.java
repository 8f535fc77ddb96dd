package dev.systrument.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A class data sharing archive (CDS, JDK 13+ dynamic archives) of what one subcommand loads, made
 * by the first run and mapped by the later ones. Why: the relaunched JVM ({@link JvmLaunch})
 * otherwise loads and verifies about 1,400 classes from the jar on every start, a quarter of a
 * second, which is most of the time for the small logs users convert most often
 * (strace2perfetto on a 20-line log: 0.25 s -> 0.18 s; the first run pays about 0.25 s once to
 * write the archive).
 *
 * <p>Kept under {@code $XDG_CACHE_HOME/systrument/cds} (else {@code ~/.cache/...}), one file per
 * subcommand, named after the jar (size and modification time), the JVM and our version, so a new
 * jar or JDK makes new files instead of reusing stale ones (the JVM would ignore those, silently,
 * but never replace them). The child writes to a name of its own; this JVM moves the file into
 * place when the child has exited, so concurrent first runs do not see half-written archives.
 * {@code SYSTRUMENT_CDS=no} turns it off; so do a JVM without a base archive and JVM options that
 * already choose how classes are shared.
 */
final class ClassDataArchive {
  /** Subcommands with an archive of their own (they load different libraries). */
  private static final Set<String> COMMANDS = Set.of("check", "tree", "strace2perfetto", "strace2otel", "record", "version");

  private final Path archive;
  private final Path writing;

  private ClassDataArchive(Path archive, Path writing) {
    this.archive = archive;
    this.writing = writing;
  }

  /** The archive for this run, or null when class data sharing is not to be used. */
  static ClassDataArchive locate(String[] args, Map<String, String> env, List<String> jvmOptions, String classPath) {
    if ("no".equals(env.get("SYSTRUMENT_CDS")) || classPath.contains(java.io.File.pathSeparator)) {
      return null;
    }
    for (String option : jvmOptions) {
      if (option.startsWith("-Xshare") || option.contains("SharedArchiveFile") || option.contains("ArchiveClassesAtExit")) {
        return null; // the user chose
      }
    }
    Path javaHome = Path.of(System.getProperty("java.home"));
    if (!Files.isRegularFile(javaHome.resolve("lib/server/classes.jsa"))) {
      return null; // dynamic archives sit on top of the JDK's base archive
    }
    Path cache = cacheDirectory(env);
    Path jar = Path.of(classPath);
    if (cache == null || !Files.isRegularFile(jar)) {
      return null;
    }
    try {
      String identity = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()
          + "|" + javaHome + "|" + System.getProperty("java.vm.version");
      // CRC32, not a MessageDigest: the security providers a digest loads cost this JVM more
      // than the archive saves the child. A collision only means an archive the JVM refuses.
      CRC32 crc = new CRC32();
      crc.update(identity.getBytes(StandardCharsets.UTF_8));
      String key = Long.toHexString(crc.getValue()) + Integer.toHexString(identity.hashCode());
      Path dir = cache.resolve("systrument").resolve("cds");
      Files.createDirectories(dir);
      if (!Files.isWritable(dir)) {
        return null;
      }
      Path archive = dir.resolve(command(args) + "-" + key + ".jsa");
      Path writing = dir.resolve(command(args) + "-" + key + "." + ProcessHandle.current().pid() + ".tmp");
      return new ClassDataArchive(archive, writing);
    } catch (IOException | SecurityException e) {
      return null; // no cache, no speed-up: never a reason to fail
    }
  }

  /** The options for the child: map the archive, or write one at exit. JVM messages about it are off. */
  List<String> jvmOptions() {
    String use = Files.isRegularFile(archive)
        ? "-XX:SharedArchiveFile=" + archive
        : "-XX:ArchiveClassesAtExit=" + writing;
    return List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", use);
  }

  /** After the child: an archive it wrote is moved into place (or dropped if another run was first). */
  void childExited() {
    if (!Files.exists(writing)) {
      return;
    }
    try {
      if (Files.size(writing) > 0 && !Files.exists(archive)) {
        try {
          Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(writing, archive);
        }
      }
    } catch (IOException e) {
      // another run moved its archive first, or the cache went away: nothing lost
    } finally {
      try {
        Files.deleteIfExists(writing);
      } catch (IOException e) {
        // left for the next run to overwrite; it has a name of its own
      }
    }
  }

  Path archive() {
    return archive;
  }

  private static String command(String[] args) {
    for (String arg : args) {
      if (COMMANDS.contains(arg)) {
        return arg;
      }
    }
    return "other";
  }

  private static Path cacheDirectory(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg);
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return home == null || home.isEmpty() ? null : Path.of(home, ".cache");
  }
}
