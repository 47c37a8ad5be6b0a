package com.jarvis.ingress.media.sctp;

/**
 * What an {@link SctpAssociation} reports. Called on the thread driving the association, while it is locked;
 * implementations must be quick, must not block, and may call back into the association (e.g. to send).
 */
public interface SctpAssociationListener {

    default void onStateChanged(SctpState state) {
    }

    /** A complete user message; {@code data} is a fresh copy the listener may keep. */
    default void onMessage(int streamId, int ppid, byte[] data) {
    }

    /** The peer reset these outgoing streams (closed the channels); our incoming SSNs for them are reset. */
    default void onIncomingStreamsReset(int[] streamIds) {
    }

    /** Our outgoing reset of these streams completed; they may be reused. */
    default void onOutgoingStreamsReset(int[] streamIds) {
    }
}
