package com.jarvis.ingress.media.transport;

/** A transport could not be created because a server limit (transports or ports) was reached. */
public class TransportLimitException extends RuntimeException {
    public TransportLimitException(String message) {
        super(message);
    }
}
