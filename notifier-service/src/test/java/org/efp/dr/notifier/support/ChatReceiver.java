package org.efp.dr.notifier.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** A chat webhook receiver on loopback: keeps every JSON body posted to it. */
public final class ChatReceiver implements AutoCloseable {

    public static final String PATH = "/hooks/chat";

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    public ChatReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(PATH, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Every body received that contains {@code text}. */
    public List<String> bodiesContaining(String text) {
        return bodies.stream().filter(b -> b.contains(text)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
