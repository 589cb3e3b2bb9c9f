package org.efp.dr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

/**
 * A real mail server for the local run and tests: GreenMail standalone as a child process, with SMTP, IMAP and
 * its REST API on 127.0.0.1. It accepts mail for any recipient (a mailbox is made on first delivery) and keeps
 * it in memory; {@link #mails()} lists what was delivered.
 */
public final class MailServer extends LocalServer {

    private static final Logger LOG = Logger.getLogger(MailServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One delivered message: its recipient mailbox, subject and Date header. */
    public record Mail(String to, String subject, String date) {
    }

    private final Path home;
    private final int smtpPort;
    private final int imapPort;
    private final int apiPort;

    public MailServer(Path home, int smtpPort, int imapPort, int apiPort) {
        this.home = home.toAbsolutePath();
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.apiPort = apiPort;
    }

    /** Starts GreenMail and waits until its API reports it ready. */
    public MailServer start() {
        process = ServerProcess.start("greenmail", home, List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Dgreenmail.hostname=127.0.0.1",
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtpPort,
                "-Dgreenmail.imap.hostname=127.0.0.1", "-Dgreenmail.imap.port=" + imapPort,
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + apiPort,
                "-Dgreenmail.auth.disabled",
                "-jar", jar().toString()));
        process.awaitReady(Duration.ofSeconds(60),
                () -> ServerProcess.answers(apiUrl() + "/api/service/readiness") && Ports.listening(smtpPort));
        LOG.infof("mail server up smtp=127.0.0.1:%d imap=127.0.0.1:%d api=%s", smtpPort, imapPort, apiUrl());
        return this;
    }

    /** The GreenMail standalone jar copied next to this module by its build, else the local Maven repository's. */
    static Path jar() {
        String override = System.getenv("DR_GREENMAIL_JAR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try (InputStream in = MailServer.class.getResourceAsStream("testkit.properties")) {
            Properties p = new Properties();
            p.load(in);
            for (String key : List.of("greenmail.jar", "greenmail.repository-jar")) {
                Path jar = Path.of(p.getProperty(key));
                if (Files.isRegularFile(jar)) {
                    return jar;
                }
            }
            throw new IllegalStateException("GreenMail standalone jar missing at " + p.getProperty("greenmail.jar")
                    + " and " + p.getProperty("greenmail.repository-jar") + ": build the testkit module first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read testkit.properties", e);
        }
    }

    /** Every delivered message, oldest mailbox first, as GreenMail's API reports them. */
    public List<Mail> mails() {
        return mails(apiUrl());
    }

    /** The messages a GreenMail API at {@code apiUrl} holds. */
    public static List<Mail> mails(String apiUrl) {
        List<Mail> mails = new ArrayList<>();
        for (JsonNode user : get(apiUrl + "/api/user")) {
            String address = user.path("email").asText();
            String path = "/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX";
            for (JsonNode message : get(apiUrl + path)) {
                String mime = message.path("mimeMessage").asText("");
                mails.add(new Mail(address, message.path("subject").asText(header(mime, "Subject")),
                        header(mime, "Date")));
            }
        }
        mails.sort(Comparator.comparing(Mail::to));
        return mails;
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("mail server API at " + url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + url, e);
        }
    }

    /** The first value of a header in a message's text (headers end at the first empty line). */
    static String header(String mime, String name) {
        String prefix = name.toLowerCase() + ":";
        for (String line : mime.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.toLowerCase().startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        return "";
    }

    /** Lists the delivered mails of the local run: {@code MailServer <api-url>}, used by {@code ./dr mail}. */
    public static void main(String[] args) {
        String api = args.length > 0 ? args[0] : System.getenv("DR_MAIL_API_URL");
        if (api == null || !api.matches("http://127\\.0\\.0\\.1:[0-9]{1,5}")) {
            System.err.println("usage: MailServer http://127.0.0.1:PORT (the local run's mail API)");
            System.exit(2);
        }
        List<Mail> mails = mails(api);
        if (mails.isEmpty()) {
            System.out.println("no mail delivered yet");
            return;
        }
        System.out.printf("%-38s  %-32s  %s%n", "TIME", "TO", "SUBJECT");
        mails.forEach(m -> System.out.printf("%-38s  %-32s  %s%n", m.date(), m.to(), m.subject()));
    }

    public String smtpHost() {
        return "127.0.0.1";
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }
}
