package org.efp.dr.notifier.channel;

/** The provider refused the message in a way a retry cannot fix (bad address, bad request). */
public class PermanentDeliveryException extends RuntimeException {

    public PermanentDeliveryException(String message) {
        super(message);
    }
}
