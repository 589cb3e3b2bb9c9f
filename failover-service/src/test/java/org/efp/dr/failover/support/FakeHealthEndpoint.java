package org.efp.dr.failover.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/** An HTTP health endpoint on loopback whose answer a test chooses, for the HTTP probes. */
public final class FakeHealthEndpoint {

    private static FakeHealthEndpoint instance;
    private static final java.util.Map<String, FakeHealthEndpoint> NAMED = new java.util.HashMap<>();
    private final HttpServer server;
    private volatile int status = 200;

    private FakeHealthEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static synchronized FakeHealthEndpoint shared() {
        if (instance == null) {
            instance = new FakeHealthEndpoint();
        }
        return instance;
    }

    /** Another endpoint, one per name (a second probed component). */
    public static synchronized FakeHealthEndpoint named(String name) {
        return NAMED.computeIfAbsent(name, n -> new FakeHealthEndpoint());
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    public void answer(int status) {
        this.status = status;
    }
}
