package org.efp.dr.notifier.channel;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/** The channels of this service and which of them are set up. */
@ApplicationScoped
public class Channels {

    private final Map<ChannelKind, Channel> byKind = new EnumMap<>(ChannelKind.class);
    private final Set<ChannelKind> available = EnumSet.of(ChannelKind.EMAIL);

    public Channels(EmailChannel email, ChatChannel chat, SmsChannel sms) {
        byKind.put(ChannelKind.EMAIL, email);
        byKind.put(ChannelKind.CHAT, chat);
        byKind.put(ChannelKind.SMS, sms);
        if (chat.configured()) {
            available.add(ChannelKind.CHAT);
        }
        if (sms.configured()) {
            available.add(ChannelKind.SMS);
        }
    }

    public Channel get(ChannelKind kind) {
        return byKind.get(kind);
    }

    /** The channels that can deliver here. */
    public Set<ChannelKind> available() {
        return EnumSet.copyOf(available);
    }
}
