package com.jarvis.ingress.media.net;

import java.net.InetSocketAddress;

/**
 * Sends packets back to one remote peer over the socket a packet arrived on: a UDP destination, or one TCP
 * connection (which frames each packet per RFC 4571). Thread-safe; never blocks.
 */
public interface PacketSender {
    /** Sends one packet; false if it was dropped (closed, buffers full, or too large). */
    boolean send(byte[] data, int off, int len);

    default boolean send(byte[] data) {
        return send(data, 0, data.length);
    }

    InetSocketAddress remote();

    Transport transport();

    /** False once the underlying connection or socket is closed. */
    boolean isOpen();

    /** TCP: closes this connection. UDP: no effect (the socket is shared). */
    default void close() {
    }
}
