package com.jarvis.ingress.media.dtls;

/**
 * Tunables of a {@link DtlsEndpoint}. {@link #defaults()} follows media-behaviour.md: 30 s handshake budget,
 * first retransmission after 100 ms, 1350-byte datagrams once connected and 1200-byte ones while handshaking.
 *
 * @param handshakeTimeoutMillis give up (state failed) after this long without completing the handshake
 * @param initialRetransmitMillis first handshake retransmission timeout; it doubles on each retransmission
 * @param mtu largest datagram sent once connected
 * @param handshakeMtu largest datagram sent during the handshake (fits 1200-byte paths)
 * @param receiveLimit largest datagram accepted; larger ones are dropped and counted
 * @param receiveQueueCapacity datagrams queued while the handshake thread is busy; overflow is dropped
 */
public record DtlsConfig(int handshakeTimeoutMillis, int initialRetransmitMillis, int mtu, int handshakeMtu,
        int receiveLimit, int receiveQueueCapacity) {

    public DtlsConfig {
        if (handshakeTimeoutMillis <= 0 || initialRetransmitMillis <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (handshakeMtu < 256 || mtu < handshakeMtu || receiveLimit < 256) {
            throw new IllegalArgumentException("need 256 <= handshakeMtu <= mtu and receiveLimit >= 256");
        }
        if (receiveQueueCapacity < 1) {
            throw new IllegalArgumentException("receiveQueueCapacity must be positive");
        }
    }

    public static DtlsConfig defaults() {
        return new DtlsConfig(30_000, 100, 1350, 1200, 1500, 64);
    }

    public DtlsConfig withHandshakeTimeoutMillis(int millis) {
        return new DtlsConfig(millis, initialRetransmitMillis, mtu, handshakeMtu, receiveLimit,
                receiveQueueCapacity);
    }
}
