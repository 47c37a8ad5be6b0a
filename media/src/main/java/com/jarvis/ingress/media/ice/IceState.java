package com.jarvis.ingress.media.ice;

/** ICE-lite state of one transport, as mediasoup reports it. */
public enum IceState {
    /** No valid check yet. */
    NEW,
    /** A valid check arrived; a tuple is selected provisionally. */
    CONNECTED,
    /** A valid check with USE-CANDIDATE nominated the selected tuple. */
    COMPLETED,
    /** Every tuple is gone (consent expired or removed); a new valid check reconnects. */
    DISCONNECTED
}
