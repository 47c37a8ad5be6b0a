package com.jarvis.ingress.media.transport;

/**
 * Lifecycle of a {@link WebRtcTransport}: new, connecting (ICE has a valid tuple or DTLS is handshaking),
 * connected (DTLS-SRTP keyed), then failed (DTLS failure; closed right after) or closed.
 */
public enum TransportState {
    NEW,
    CONNECTING,
    CONNECTED,
    FAILED,
    CLOSED
}
