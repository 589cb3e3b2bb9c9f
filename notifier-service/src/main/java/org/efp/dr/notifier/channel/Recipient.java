package org.efp.dr.notifier.channel;

import java.util.Objects;

/** One address on one channel: an email address, a chat room label, or a phone number. */
public record Recipient(ChannelKind channel, String address) {

    public Recipient {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
    }
}
