package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run hands failover-service the nodes' data directories in a properties file (map keys with quotes and
 * colons, which environment variables cannot name); the service's configuration must read them back exactly.
 */
class LocalStackConfigTest {

    @TempDir
    Path dir;

    @Test
    void dataDirectoriesKeyedByHostAndPortReadBackAsTheServiceSeesThem() throws Exception {
        // Given
        Path file = dir.resolve("failover-service.properties");
        Map<String, String> written = Map.of(
                "dr.failover.database.data-dirs.\"127.0.0.1:15433\"", "/srv/dr data/energy-primary/data",
                "dr.failover.database.data-dirs.\"127.0.0.1:15434\"", "/srv/dr data/energy-standby/data");

        // When
        LocalStack.writeProperties(file, written);

        // Then
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(file.toUri()
                .toURL())).build();
        assertThat(config.getValues("dr.failover.database.data-dirs", String.class, String.class))
                .containsOnly(Map.entry("127.0.0.1:15433", "/srv/dr data/energy-primary/data"),
                        Map.entry("127.0.0.1:15434", "/srv/dr data/energy-standby/data"));
        assertThat(Files.getPosixFilePermissions(file)).as("private to the owner").containsOnly(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
