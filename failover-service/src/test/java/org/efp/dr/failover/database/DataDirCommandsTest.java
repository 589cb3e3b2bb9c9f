package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A command on a data directory that hangs (pg_rewind against a partitioned source, say) ends at the timeout. */
class DataDirCommandsTest {

    private static DataDirCommands commands(Duration timeout) {
        DatabaseConfig config = (DatabaseConfig) Proxy.newProxyInstance(DatabaseConfig.class.getClassLoader(),
                new Class<?>[] { DatabaseConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "commandTimeout" -> timeout;
                    case "dataDirOwner" -> System.getProperty("user.name").equals("root") ? "postgres"
                            : System.getProperty("user.name");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new DataDirCommands(config, new PgNodes("postgres", Optional.empty(), config));
    }

    @Test
    void commandRunningPastTheTimeoutIsKilledAndTheStepFailsWithTheReason() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> commands(Duration.ofSeconds(1)).run(List.of("sleep", "60")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sleep killed")
                .hasMessageContaining("command-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void commandWithinTheTimeoutGivesItsOutputAndAFailureGivesItsText() {
        DataDirCommands commands = commands(Duration.ofSeconds(30));

        assertThat(commands.run(List.of("echo", "ready"))).isEqualTo("ready\n");
        assertThatThrownBy(() -> commands.run(List.of("sh", "-c", "echo no such cluster; exit 3")))
                .hasMessageContaining("sh failed: no such cluster");
    }
}
