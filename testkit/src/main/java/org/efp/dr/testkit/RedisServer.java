package org.efp.dr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * A real Redis (Debian's {@code redis-server}) on 127.0.0.1: the platform's cache component. Nothing is
 * persisted (no RDB, no AOF: a cache), protected mode stays on and every client must authenticate; the password
 * lives in the server's configuration file, private to the owner, never on its command line.
 */
public final class RedisServer extends LocalServer {

    private static final Logger LOG = Logger.getLogger(RedisServer.class);

    private final Path home;
    private final int port;
    private final String password;

    public RedisServer(Path home, int port, String password) {
        if (password == null || !password.matches("[A-Za-z0-9]{16,128}")) {
            throw new IllegalArgumentException("redis password must be 16-128 letters or digits");
        }
        this.home = home.toAbsolutePath();
        this.port = port;
        this.password = password;
    }

    /** Writes redis.conf (mode 600), starts the server and waits until it answers PING with the password. */
    public RedisServer start() {
        Path config = home.resolve("redis.conf");
        try {
            Files.createDirectories(home.resolve("data"));
            Files.writeString(config, "");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            // Every value here is checked: the port is a number, the password letters and digits, the directory
            // one this kit made.
            Files.writeString(config, String.join("\n",
                    "# Written by the EFP DR test kit: a loopback cache that keeps nothing on disk.",
                    "bind 127.0.0.1",
                    "port " + port,
                    "protected-mode yes",
                    "daemonize no",
                    "save \"\"",
                    "appendonly no",
                    "dir \"" + dataDir() + "\"",
                    "requirepass " + password,
                    "") );
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        process = ServerProcess.start("redis", home, List.of(
                ServerProcess.program("DR_REDIS_BIN", "redis-server"), config.toString()));
        process.awaitReady(Duration.ofSeconds(30), () -> "PONG".equals(safePing()));
        LOG.infof("Redis up url=%s", url());
        return this;
    }

    /** The data directory, quoted in redis.conf: a path with a quote, backslash or line break is refused. */
    private String dataDir() {
        String dir = home.resolve("data").toString();
        if (dir.chars().anyMatch(c -> c == '"' || c == '\\' || c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("redis directory must not contain quotes, backslashes or line breaks: "
                    + dir);
        }
        return dir;
    }

    private String safePing() {
        try {
            return command("PING", true);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /**
     * Sends one command without arguments over RESP and returns the reply line without its type marker, after
     * authenticating first when {@code authenticate}. An error reply comes back as {@code ERR ...}/{@code NOAUTH ...}.
     */
    public String command(String name, boolean authenticate) {
        if (!name.matches("[A-Z]{1,16}")) {
            throw new IllegalArgumentException("command must be a bare upper-case name, got " + name);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (authenticate) {
                out.write(resp("AUTH", password));
                out.flush();
                String auth = readLine(in);
                if (!"OK".equals(auth)) {
                    return auth;
                }
            }
            out.write(resp(name));
            out.flush();
            return readLine(in);
        } catch (IOException e) {
            throw new UncheckedIOException("redis at " + url() + " did not answer " + name, e);
        }
    }

    private static byte[] resp(String... parts) {
        StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            b.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (line.isEmpty()) {
            throw new IOException("connection closed without a reply");
        }
        char type = line.charAt(0);
        return type == '+' || type == '-' || type == ':' ? line.substring(1) : line.toString();
    }

    /** The address without credentials; the password is handed over separately. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }
}
