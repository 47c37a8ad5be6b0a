package com.jarvis.ingress.webrtc;

/**
 * What the media plane reports to metrics. Implemented by the observability layer; called on media threads, so
 * implementations only bump counters.
 */
public interface MediaMetrics {
    /** A transport reached connected. */
    void connected();

    /** A connected transport closed. */
    void disconnected();

    /** One RTP packet of {@code payloadBytes} audio payload accepted. */
    void rtpPacket(int payloadBytes);

    /** One binary audio chunk of {@code bytes} arrived on a data channel. */
    default void dataChunk(int bytes) {
    }

    /** A session audio listener threw. */
    default void listenerError() {
    }
}
