package dev.systrument.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What ships in {@code systrument-cli.jar}: the Perfetto writer encodes with its own ProtoBuffer,
 * so protobuf-java and the classes generated from the tests' {@code perfetto_trace.proto} are test
 * dependencies and must not come back into the jar by a scope slip (they were 834 of its 4,629
 * entries, 2 MB of the download).
 */
class ShippedJarContentsIT {

  @Test
  void noTestOracleInTheJar() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("systrument.cliJar"))) {
      List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(names).as("the jar's entries").contains("dev/systrument/perfetto/PerfettoWriter.class");
      assertThat(names).filteredOn(n -> n.startsWith("com/google/protobuf/")).as("protobuf-java").isEmpty();
      assertThat(names).filteredOn(n -> n.startsWith("dev/systrument/perfetto/proto/")).as("generated trace classes").isEmpty();
    }
  }
}
