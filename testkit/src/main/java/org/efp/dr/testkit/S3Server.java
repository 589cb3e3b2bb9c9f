package org.efp.dr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.jboss.logging.Logger;

/**
 * A real S3-compatible server: s3proxy with its filesystem backend, run as a child process bound to 127.0.0.1.
 * It runs out of process because its own dependencies (Jetty, cloud SDKs) must not mix with a service's.
 */
public final class S3Server implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3Server.class);

    private final Path home;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private Process process;

    public S3Server(Path home, int port, String accessKey, String secretKey) {
        this.home = home;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts s3proxy and waits for its port. */
    public S3Server start() {
        try {
            Path blobs = Files.createDirectories(home.resolve("blobs"));
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", endpoint());
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", accessKey);
            p.setProperty("s3proxy.credential", secretKey);
            p.setProperty("s3proxy.ignore-unknown-headers", "true");
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.identity", accessKey);
            p.setProperty("jclouds.credential", secretKey);
            p.setProperty("jclouds.filesystem.basedir", blobs.toString());
            Path config = home.resolve("s3proxy.properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                p.store(out, "EFP DR local S3");
            }
            Path log = home.resolve("s3proxy.log");
            process = new ProcessBuilder(javaBin(), "-Xmx256m", "-jar", jar().toString(), "--properties",
                    config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitPort(Duration.ofSeconds(60), log);
            LOG.infof("S3 server up endpoint=%s dir=%s", endpoint(), blobs);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy in " + home, e);
        }
    }

    /**
     * The s3proxy jar placed next to this module by its build (see the test kit's pom), else the one in the local
     * Maven repository the build resolved it from.
     */
    static Path jar() {
        String override = System.getenv("DR_S3PROXY_JAR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try (InputStream in = S3Server.class.getResourceAsStream("testkit.properties")) {
            Properties p = new Properties();
            p.load(in);
            Path jar = Path.of(p.getProperty("s3proxy.jar"));
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            Path repository = Path.of(p.getProperty("s3proxy.repository-jar"));
            if (Files.isRegularFile(repository)) {
                return repository;
            }
            throw new IllegalStateException("s3proxy jar missing at " + jar + " and " + repository
                    + ": build the testkit module first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read testkit.properties", e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitPort(Duration timeout, Path log) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + "; log: " + log);
            }
            if (Ports.listening(port)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("s3proxy did not listen on " + port + "; log: " + log);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Stops the process at once, like pulling the plug on the object store. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
