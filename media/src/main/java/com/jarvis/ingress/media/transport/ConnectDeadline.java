package com.jarvis.ingress.media.transport;

/**
 * The time a transport has to reach {@link TransportState#CONNECTED} (a valid ICE check,
 * {@link WebRtcTransport#connect} and a DTLS handshake with SRTP keys) from its creation. Until then it holds a
 * capacity slot, in per-transport port mode a port, and while handshaking a DTLS thread: one that never gets there,
 * whatever step it stalls at, must not keep them. Time is passed in, so the rule is deterministic; the server's
 * timer thread asks it every tick.
 */
final class ConnectDeadline {
    private final long createdMillis;
    private final long timeoutMillis;

    ConnectDeadline(long createdMillis, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutMillis);
        }
        this.createdMillis = createdMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether a transport in {@code state} at {@code nowMillis} has missed its deadline and must be closed. */
    boolean missed(long nowMillis, TransportState state) {
        boolean pending = state == TransportState.NEW || state == TransportState.CONNECTING;
        return pending && nowMillis - createdMillis >= timeoutMillis;
    }
}
