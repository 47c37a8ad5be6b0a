package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.transport.Producer;
import com.jarvis.ingress.media.transport.TransportStats;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.session.SessionStats;
import java.util.UUID;
import java.util.function.Function;

/**
 * The media of one session on this instance: its current send transport, and the statistics of the transports it
 * replaced, so that the session's totals survive an ICE/transport restart.
 */
final class SessionMedia {
    final UUID sessionId;
    /** The session's owner, checked against the caller by the calls that need a transport. */
    final UUID userId;
    final WebRtcTransport transport;
    final SessionStats earlier;
    /** Audio chunks and control messages of this transport's data channels. */
    final SessionDataChannels data;
    /** System.nanoTime() of the last audio frame; written by decode and I/O threads, read by the expiry extender. */
    volatile long lastAudioNanos;
    /** Kept after the transport closes, so the session's statistics outlive it. */
    volatile Producer producer;

    SessionMedia(UUID sessionId, UUID userId, WebRtcTransport transport, SessionStats earlier,
                 Function<SessionMedia, SessionDataChannels> data) {
        this.sessionId = sessionId;
        this.userId = userId;
        this.transport = transport;
        this.earlier = earlier;
        this.data = data.apply(this);
    }

    SessionStats stats() {
        Producer p = producer;
        TransportStats t = p == null ? transport.stats() : p.stats();
        return earlier.plus(SessionStats.rtp(t.rtpPackets(), t.rtpPayloadBytes(), t.packetsLost(), t.jitterSeconds(),
                t.audioSecondsDecoded())).plus(data.stats());
    }
}
