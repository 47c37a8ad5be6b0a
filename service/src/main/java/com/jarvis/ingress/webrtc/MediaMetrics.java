package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.transport.CloseReason;

/**
 * What the media plane reports to metrics. Implemented by the observability layer; called on media threads, so
 * implementations only bump counters.
 */
public interface MediaMetrics {
    /** A transport reached connected. */
    void connected();

    /** A connected transport closed. */
    void disconnected();

    /** A transport closed (connected or not), for this reason. */
    default void transportClosed(CloseReason reason) {
    }

    /** One RTP packet of {@code payloadBytes} audio payload accepted. */
    void rtpPacket(int payloadBytes);

    /** One binary audio chunk of {@code bytes} arrived on a data channel. */
    default void dataChunk(int bytes) {
    }

    /** A session audio listener threw. */
    default void listenerError() {
    }
}
