package com.jarvis.ingress.media.transport;

/**
 * Events of one {@link WebRtcTransport}. Called on an I/O, handshake or timer thread (or the closing thread);
 * implementations must be quick and must not block.
 */
public interface TransportListener {
    default void onStateChanged(TransportState state) {
    }

    /** Called once, after the transport released everything. */
    default void onClosed(CloseReason reason) {
    }
}
