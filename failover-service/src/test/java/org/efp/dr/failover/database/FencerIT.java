package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fencing that a client cannot undo: online fencing only changes the default of a session, so a client that sets
 * {@code default_transaction_read_only = off} could still write; once the promotion happened, the old primary fenced
 * on disk is restarted as the standby its fence made it, and then nobody writes there.
 */
class FencerIT {

    private static final String DB = "postgres";
    private static PostgresServer old;
    private static PostgresServer promoted;
    private static Path root;

    @BeforeAll
    static void pair() {
        root = Path.of(System.getProperty("java.io.tmpdir"), "efp-dr-fencer-" + ProcessHandle.current().pid());
        old = PostgresServer.primary("fencer-old", root.resolve("old"), Ports.free(), false).start();
        old.execute(DB, "CREATE TABLE fenced_writes (id int)");
        promoted = PostgresServer.standbyOf(old, "fencer-new", root.resolve("new"), Ports.free()).start();
    }

    @AfterAll
    static void stop() {
        for (PostgresServer s : new PostgresServer[] { promoted, old }) {
            if (s != null) {
                s.close();
            }
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the temp directory's own clean-up
        }
    }

    private static Fencer fencer() {
        Map<String, String> dirs = Map.of("127.0.0.1:" + old.port(), old.dataDir().toString());
        DatabaseConfig config = (DatabaseConfig) Proxy.newProxyInstance(DatabaseConfig.class.getClassLoader(),
                new Class<?>[] { DatabaseConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "dataDirs" -> dirs;
                    case "dataDirOwner" -> "root".equals(System.getProperty("user.name")) ? "postgres"
                            : System.getProperty("user.name");
                    case "commandTimeout" -> Duration.ofMinutes(2);
                    case "connectTimeout" -> Duration.ofSeconds(2);
                    case "promoteTimeout" -> Duration.ofSeconds(30);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        PgNodes nodes = new PgNodes("postgres", Optional.empty(), config);
        return new Fencer(nodes, config, new DataDirCommands(config, nodes));
    }

    private static void writeOverridingTheFence(PostgresServer server) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(DB), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            s.execute("INSERT INTO fenced_writes VALUES (1)");
        }
    }

    @Test
    void aFencedOldPrimaryRestartedAsAStandbyRefusesEvenAClientThatLiftsItsReadOnlyDefault() throws Exception {
        // Given: the standby promoted, the old primary still running and fenced online and on disk
        Fencer fencer = fencer();
        promoted.execute(DB, "SELECT pg_promote(true, 60)");
        String oldUrl = old.jdbcUrl(DB);
        assertThat(fencer.fenceOnline(oldUrl)).isTrue();
        writeOverridingTheFence(old);
        assertThat(fencer.fenceOnDisk(oldUrl, promoted.jdbcUrl(DB))).isPresent();

        // When
        Optional<String> demoted = fencer.demote(oldUrl);

        // Then
        assertThat(demoted).contains(old.dataDir().toString());
        assertThat(old.queryLong(DB, "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END")).isOne();
        assertThatThrownBy(() -> writeOverridingTheFence(old)).hasMessageContaining("read-only");
        promoted.execute(DB, "INSERT INTO fenced_writes VALUES (2)");
    }

    @Test
    void aNodeThatIsNotRunningIsLeftAsItIs() {
        assertThat(fencer().demote("jdbc:postgresql://127.0.0.1:1/" + DB)).isEmpty();
    }
}
