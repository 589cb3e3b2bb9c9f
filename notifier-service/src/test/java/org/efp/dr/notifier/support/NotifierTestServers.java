package org.efp.dr.notifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.efp.dr.testkit.Ports;

/** The SMTP server and chat receiver of this test JVM, started on first use and stopped at exit. */
public final class NotifierTestServers {

    private static Mailbox mailbox;
    private static ChatReceiver chat;

    private NotifierTestServers() {
    }

    public static synchronized Mailbox mailbox() {
        start();
        return mailbox;
    }

    public static synchronized ChatReceiver chat() {
        start();
        return chat;
    }

    /** The settings pointing the notifier at them. */
    public static synchronized Map<String, String> config() {
        start();
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(mailbox.port()),
                "dr.notifier.chat.webhook-url", chat.url());
    }

    private static void start() {
        if (mailbox != null) {
            return;
        }
        try {
            mailbox = new Mailbox(Ports.free());
            chat = new ChatReceiver(Ports.free());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            chat.close();
            mailbox.close();
        }, "notifier-test-servers-stop"));
    }
}
