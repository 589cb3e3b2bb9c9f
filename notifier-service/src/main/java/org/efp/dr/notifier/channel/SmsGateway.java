package org.efp.dr.notifier.channel;

/** Sends a text message to a phone number (E.164); returns the provider's message id. */
public interface SmsGateway {

    String send(String phoneNumber, String text);
}
