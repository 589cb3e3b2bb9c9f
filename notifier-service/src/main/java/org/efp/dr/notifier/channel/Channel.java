package org.efp.dr.notifier.channel;

/**
 * A way to reach people. {@link #send} returns when the provider accepted the message and throws when it did not
 * after the channel's bounded retries (or at once when its circuit breaker is open).
 */
public interface Channel {

    ChannelKind kind();

    void send(Outgoing message) throws Exception;
}
