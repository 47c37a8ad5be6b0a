package com.jarvis.ingress.media.stun;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where and how the STUN server listens: the address, one port for UDP and TCP (0: any free port, the same for
 * both), which of the two to serve, and the TCP limits (connections at once, idle time before a connection that
 * sends nothing is closed).
 */
public record StunServerConfig(InetAddress bindAddress, int port, boolean udp, boolean tcp, int maxTcpConnections,
        long tcpIdleTimeoutMillis) {
    /** The conventional STUN port (RFC 8489 section 18.8). */
    public static final int DEFAULT_PORT = 3478;

    public StunServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (!udp && !tcp) {
            throw new IllegalArgumentException("serve UDP, TCP or both");
        }
        if (maxTcpConnections < 1 || tcpIdleTimeoutMillis < 1) {
            throw new IllegalArgumentException("TCP limits must be positive");
        }
    }

    /** UDP and TCP on {@code port}, at most 200 TCP connections, idle ones closed after 10 s. */
    public static StunServerConfig of(InetAddress bindAddress, int port) {
        return new StunServerConfig(bindAddress, port, true, true, 200, 10_000);
    }
}
