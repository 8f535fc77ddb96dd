package dev.systrument.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Every new jar makes new files, so a new archive prunes the cache: of each subcommand's archives
 * the {@value #KEPT_PER_COMMAND} used last stay (several installed versions can take turns without
 * writing their archives again), and temporary files of runs that died are removed.
 * {@code SYSTRUMENT_CDS=no} turns it off; so do a JVM without a base archive and JVM options that
 * already choose how classes are shared.
 */
final class ClassDataArchive {
  /** Subcommands with an archive of their own (they load different libraries). */
  private static final Set<String> COMMANDS = Set.of("check", "tree", "strace2perfetto", "strace2otel", "record", "version");

  /** Archives kept per subcommand when a new one is written (~2-3 MB each). */
  static final int KEPT_PER_COMMAND = 4;
  /** A temporary archive this old belongs to a run that died (writing one takes a second). */
  private static final long STALE_TEMPORARY_MILLIS = 60 * 60 * 1000L;
  /** An archive in use is marked used again (its modification time) at most this often. */
  private static final long USE_MARK_MILLIS = 24 * 60 * 60 * 1000L;

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
    Path cache = UserCache.directory(env);
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
        ? "-XX:SharedArchiveFile=" + markUsed(archive)
        : "-XX:ArchiveClassesAtExit=" + writing;
    return List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", use);
  }

  /** Its modification time says when it was last used (for {@link #prune}), to within a day. */
  private static Path markUsed(Path archive) {
    try {
      long now = System.currentTimeMillis();
      if (Files.getLastModifiedTime(archive).toMillis() < now - USE_MARK_MILLIS) {
        Files.setLastModifiedTime(archive, FileTime.fromMillis(now));
      }
    } catch (IOException | SecurityException e) {
      // pruning may then take it a little early: it is written again when needed
    }
    return archive;
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
        prune(archive);
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

  /**
   * Deletes the archives of {@code added}'s subcommand beyond the {@value #KEPT_PER_COMMAND} used
   * last, and its temporary files older than an hour. A JVM that maps a deleted archive keeps
   * its pages (POSIX); where a file cannot be deleted it stays.
   */
  static void prune(Path added) {
    String name = added.getFileName().toString();
    String prefix = name.substring(0, name.lastIndexOf('-') + 1); // "strace2perfetto-"
    record Archive(Path file, long usedMillis) {}
    List<Archive> archives = new ArrayList<>();
    long now = System.currentTimeMillis();
    try (var files = Files.list(added.getParent())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String fileName = file.getFileName().toString();
        if (!fileName.startsWith(prefix) || fileName.substring(prefix.length()).contains("-")) {
          continue; // another subcommand's ("strace2otel-" is not "strace2-")
        }
        long modified;
        try {
          modified = Files.getLastModifiedTime(file).toMillis();
        } catch (NoSuchFileException e) {
          continue; // another run tidied it meanwhile
        }
        if (fileName.endsWith(".jsa")) {
          archives.add(new Archive(file, modified));
        } else if (fileName.endsWith(".tmp") && modified < now - STALE_TEMPORARY_MILLIS) {
          Files.deleteIfExists(file);
        }
      }
      archives.sort(Comparator.comparingLong(Archive::usedMillis).reversed());
      for (Archive old : archives.subList(Math.min(KEPT_PER_COMMAND, archives.size()), archives.size())) {
        if (!old.file().equals(added)) {
          Files.deleteIfExists(old.file());
        }
      }
    } catch (IOException | SecurityException | UncheckedIOException e) {
      // a cache that cannot be tidied is still a cache
    }
  }

  private static String command(String[] args) {
    for (String arg : args) {
      if (COMMANDS.contains(arg)) {
        return arg;
      }
    }
    return "other";
  }
}
