package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on the loopback interface. */
public final class Ports {

    private Ports() {
    }

    // Below Linux's ephemeral range (32768-60999): outgoing connections made between choosing a port and
    // binding it (replication, JDBC, Kafka clients) cannot take it.
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before. */
    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port in " + LOW + "-" + HIGH));
    }

    /** Whether something accepts connections on 127.0.0.1:port. */
    public static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
