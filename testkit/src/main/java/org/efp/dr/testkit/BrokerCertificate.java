package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for the kit broker's TLS listener on 127.0.0.1, made with the JDK's keytool: a PKCS12
 * key store for the broker and the certificate in PEM for clients to trust. The store password reaches keytool
 * through its environment, never its arguments.
 */
final class BrokerCertificate {

    private static final String PASSWORD_ENV = "DR_BROKER_KEYSTORE_PASSWORD";

    private BrokerCertificate() {
    }

    static Path keyStore(Path dir) {
        return dir.resolve("broker.p12");
    }

    static Path certificate(Path dir) {
        return dir.resolve("broker.pem");
    }

    /** Makes the key store and the PEM certificate in {@code dir} unless they exist. */
    static void create(Path dir, String storePassword) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (!Files.exists(keyStore(dir))) {
                keytool(storePassword, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "30", "-storetype",
                        "PKCS12", "-keystore", keyStore(dir).toString(), "-storepass:env", PASSWORD_ENV);
            }
            if (!Files.exists(certificate(dir))) {
                keytool(storePassword, "-exportcert", "-rfc", "-alias", "broker", "-storetype", "PKCS12",
                        "-keystore", keyStore(dir).toString(), "-storepass:env", PASSWORD_ENV, "-file",
                        certificate(dir).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the broker certificate in " + dir, e);
        }
    }

    private static void keytool(String storePassword, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_ENV, storePassword);
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool timed out: " + args[0]);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
