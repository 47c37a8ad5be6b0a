package com.jarvis.ingress.media.sctp;

/**
 * What a {@link DataChannelManager} reports. Same threading rules as {@link SctpAssociationListener}: quick,
 * never blocking.
 */
public interface DataChannelListener {

    /** A channel opened by the peer with DCEP (already acknowledged), or one we opened got its ACK. */
    default void onChannelOpened(DataChannel channel) {
    }

    /**
     * A user message on an open channel. {@code ppid} is 51 (string) or 53 (binary) for non-empty messages and
     * 56/57 for empty ones, whose {@code data} is zero-length; {@code data} is the listener's to keep.
     */
    default void onMessage(int streamId, int ppid, byte[] data) {
    }

    /** The channel was closed (stream reset by either side); its stream id may be reused. */
    default void onChannelClosed(DataChannel channel) {
    }

    default void onStateChanged(SctpState state) {
    }
}
