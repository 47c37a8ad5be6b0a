package com.jarvis.ingress.media.net;

import java.net.InetSocketAddress;

/**
 * Receives packets from a {@link UdpEndpoint} or {@link TcpListener}, on that socket's I/O thread. Must not
 * block. {@code data} is the endpoint's reused buffer: it is valid only during the call, so copy what you keep.
 */
@FunctionalInterface
public interface PacketHandler {
    void onPacket(byte[] data, int off, int len, InetSocketAddress from, Transport transport, PacketSender replyTo);

    /** A TCP connection closed (by the peer, an error, idleness or a limit): drop any tuple that used it. */
    default void onConnectionClosed(PacketSender connection) {
    }
}
