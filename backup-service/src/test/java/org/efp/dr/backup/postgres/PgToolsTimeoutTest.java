package org.efp.dr.backup.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.efp.dr.common.postgres.PgBinaries;
import org.efp.dr.common.postgres.PgTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts connections and never answers (a hung or partitioned database) must not hold a backup
 * forever: the client programs give up connecting, and a one-shot program is killed at the process timeout.
 */
class PgToolsTimeoutTest {

    private ServerSocket silent;
    private final List<Socket> held = new ArrayList<>();

    @BeforeEach
    void silentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private PgTools.Run dump(Duration limit) throws IOException {
        PgTools tools = new PgTools(PgBinaries.newestWith("pg_dump").orElse(null), limit);
        PgTarget target = new PgTarget("hung", "127.0.0.1", silent.getLocalPort(), "postgres", "postgres", "x");
        return tools.start("pg_dump", List.of("-h", target.host(), "-p", String.valueOf(target.port()),
                "-U", target.user(), "--no-password", target.database()), target.clientEnv());
    }

    @Test
    void oneShotProgramRunningPastTheProcessTimeoutIsKilledAndSaysSo() throws IOException {
        // Given a limit shorter than the connect timeout
        PgTools.Run run = dump(Duration.ofSeconds(1));

        // Then
        long started = System.nanoTime();
        assertThatThrownBy(run::awaitSuccess).isInstanceOf(IOException.class).hasMessageContaining("process timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(run.process().isAlive()).isFalse();
    }

    @Test
    void silentServerMakesTheProgramGiveUpConnecting() throws IOException {
        // Given a generous process timeout
        PgTools.Run run = dump(Duration.ofMinutes(10));

        // Then the connect timeout ends it, well before the process timeout
        long started = System.nanoTime();
        assertThatThrownBy(run::awaitSuccess).isInstanceOf(IOException.class).hasMessageContaining("pg_dump exited")
                .hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofSeconds(PgTarget.CONNECT_TIMEOUT_SECONDS + 10));
    }
}
