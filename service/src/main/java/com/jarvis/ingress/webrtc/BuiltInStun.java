package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.stun.StunServer;

/** The built-in STUN server when STUN_PORT is not 0, else nothing; closed with the application. */
public final class BuiltInStun implements AutoCloseable {
    private final StunServer server;

    BuiltInStun(StunServer server) {
        this.server = server;
    }

    /** The running server, or {@code null} when STUN_PORT=0. */
    public StunServer server() {
        return server;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
