package com.jarvis.ingress.media.transport;

/** A producer's kind or RTP parameters do not fit the router's capabilities; the message names the problem. */
public final class InvalidRtpParametersException extends RuntimeException {
    public InvalidRtpParametersException(String message) {
        super(message);
    }
}
