package com.jarvis.ingress.media.sctp;

/** Association states of RFC 9260 section 4. */
public enum SctpState {
    CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
    SHUTDOWN_ACK_SENT;

    /** True while user data may still flow in at least one direction. */
    public boolean carriesData() {
        return this == ESTABLISHED || this == SHUTDOWN_PENDING || this == SHUTDOWN_SENT
                || this == SHUTDOWN_RECEIVED;
    }
}
