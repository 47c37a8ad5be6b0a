package com.jarvis.ingress.media.transport;

/** Why a {@link WebRtcTransport} closed. */
public enum CloseReason {
    /** {@link WebRtcTransport#close()} by the application. */
    CLOSED_BY_APP,
    /** No valid ICE check within the consent timeout (the client vanished). */
    ICE_CONSENT_TIMEOUT,
    /** Every ICE tuple went away, e.g. the only TCP connection closed. */
    ICE_DISCONNECTED,
    /** The DTLS handshake failed (timeout, alert, certificate fingerprint mismatch). */
    DTLS_FAILURE,
    /** The peer sent DTLS close_notify. */
    DTLS_CLOSED,
    /**
     * The transport did not reach connected (valid ICE check, {@link WebRtcTransport#connect}, DTLS with SRTP keys)
     * within {@link WebRtcServerConfig#connectTimeoutMillis()} of its creation.
     */
    CONNECT_TIMEOUT,
    /** The {@link WebRtcServer} closed. */
    SERVER_CLOSED
}
