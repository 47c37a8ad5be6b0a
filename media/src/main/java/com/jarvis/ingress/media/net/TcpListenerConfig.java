package com.jarvis.ingress.media.net;

/**
 * Limits of a {@link TcpListener}: connections at once, largest packet accepted (the frame without its prefix),
 * idle time before a connection that sends nothing is closed, bytes of replies that may wait for a slow reader per
 * connection; and how streams are cut into packets.
 */
public record TcpListenerConfig(int maxConnections, int maxFrameLength, long idleTimeoutMillis,
        int maxPendingWriteBytes, TcpFraming framing) {
    /** RFC 4571's length field is 16 bits. */
    public static final int MAX_FRAME_LENGTH = 65_535;

    public TcpListenerConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
        if (maxFrameLength < 1 || maxFrameLength > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength must be 1-65535");
        }
        if (idleTimeoutMillis < 1) {
            throw new IllegalArgumentException("idleTimeoutMillis must be positive");
        }
        if (framing == null) {
            throw new IllegalArgumentException("framing is required");
        }
        if (maxPendingWriteBytes < MAX_FRAME_LENGTH + framing.prefixBytes) {
            throw new IllegalArgumentException("maxPendingWriteBytes must hold at least one whole frame");
        }
    }

    /** RFC 4571 framing (ICE-TCP). */
    public TcpListenerConfig(int maxConnections, int maxFrameLength, long idleTimeoutMillis, int maxPendingWriteBytes) {
        this(maxConnections, maxFrameLength, idleTimeoutMillis, maxPendingWriteBytes, TcpFraming.RFC4571);
    }

    /** 1000 connections, 65535-byte frames, 30 s idle, 256 KiB pending writes per connection. */
    public static TcpListenerConfig defaults() {
        return new TcpListenerConfig(1_000, MAX_FRAME_LENGTH, 30_000, 256 * 1024);
    }
}
