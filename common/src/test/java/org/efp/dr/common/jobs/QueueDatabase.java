package org.efp.dr.common.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/** A real PostgreSQL holding one job table, {@code job}, for the job engine's tests. */
final class QueueDatabase implements AutoCloseable {

    static final String DATABASE = "jobs";
    static final JobTable TABLE = JobTable.of("job", "job_id", "queued_at");

    private final PostgresServer server;
    private final Jdbc jdbc;

    private QueueDatabase(PostgresServer server, Jdbc jdbc) {
        this.server = server;
        this.jdbc = jdbc;
    }

    static QueueDatabase start(String name) throws IOException {
        Path home = Files.createDirectories(Path.of("target", name + "-" + System.nanoTime()).toAbsolutePath());
        PostgresServer server = PostgresServer.primary(name, home.resolve("pg"), Ports.free(), false).start();
        server.createDatabase(DATABASE);
        server.execute(DATABASE, "CREATE TABLE job (job_id text PRIMARY KEY, status text NOT NULL, owner text, "
                + "heartbeat_at timestamptz, started_at timestamptz, queued_at timestamptz NOT NULL, "
                + "attempts int NOT NULL DEFAULT 0, result text)");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl(DATABASE));
        dataSource.setUser(PostgresServer.USER);
        return new QueueDatabase(server, new Jdbc(dataSource));
    }

    Jdbc jdbc() {
        return jdbc;
    }

    void execute(String sql) {
        server.execute(DATABASE, sql);
    }

    long queryLong(String sql) {
        return server.queryLong(DATABASE, sql);
    }

    /** Queues {@code count} jobs {@code prefix0..}, oldest first. */
    void enqueue(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            execute("INSERT INTO job (job_id, status, queued_at) VALUES ('" + prefix + i + "', 'QUEUED', "
                    + "now() + make_interval(secs => " + i + "))");
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
