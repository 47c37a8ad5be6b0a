package com.jarvis.ingress.media.transport;

/**
 * Events of one {@link WebRtcTransport}. Called on an I/O, handshake or timer thread (or the closing thread);
 * implementations must be quick and must not block.
 */
public interface TransportListener {
    default void onStateChanged(TransportState state) {
    }

    /**
     * The client opened a data channel with DCEP (not through produceData). Return the listener for its messages,
     * or null to count and drop them. Called with the SCTP association locked: quick, and no calls back into the
     * transport or the producer.
     */
    default DataMessageListener onDataChannelOpened(DataProducer producer) {
        return null;
    }

    /** Called once, after the transport released everything. */
    default void onClosed(CloseReason reason) {
    }
}
