package org.efp.dr.notifier.support;

import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/** A real SMTP server (GreenMail) on loopback that can be taken down and brought back on the same port. */
public final class Mailbox implements AutoCloseable {

    /** One received email. */
    public record Email(String to, String subject, String body) {
    }

    private final ServerSetup setup;
    private volatile GreenMail greenMail;

    public Mailbox(int port) {
        this.setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        start();
    }

    public int port() {
        return setup.getPort();
    }

    /** Brings the SMTP server (back) up. */
    public synchronized void start() {
        if (greenMail == null) {
            greenMail = new GreenMail(setup);
            greenMail.start();
        }
    }

    /** Takes the SMTP server down: connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Every email received so far whose subject contains {@code text}. */
    public List<Email> withSubjectContaining(String text) {
        GreenMail current = greenMail;
        if (current == null) {
            return List.of();
        }
        return Arrays.stream(current.getReceivedMessages()).map(Mailbox::email)
                .filter(e -> e.subject().contains(text)).toList();
    }

    private static Email email(MimeMessage m) {
        try {
            Address[] to = m.getAllRecipients();
            return new Email(to == null ? "" : to[0].toString(), m.getSubject(), GreenMailUtil.getBody(m)
                    .replace("\r\n", "\n"));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
