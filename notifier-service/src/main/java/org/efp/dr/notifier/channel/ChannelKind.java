package org.efp.dr.notifier.channel;

import java.util.Locale;

/** The ways a notification reaches people. */
public enum ChannelKind {
    EMAIL, CHAT, SMS;

    /** The name used in configuration, the delivery log and metrics. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChannelKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown channel '" + text + "': use email, chat or sms");
        }
    }
}
