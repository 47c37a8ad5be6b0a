package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.observability.IngressMetrics;
import org.springframework.stereotype.Component;

/** Media events as the spec's metrics: WebRTC connections, audio chunks (one per RTP packet or binary data channel message) and bytes. */
@Component
public class MeteredMedia implements MediaMetrics {
    private final IngressMetrics metrics;

    public MeteredMedia(IngressMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void connected() {
        metrics.webrtcConnected();
    }

    @Override
    public void disconnected() {
        metrics.webrtcDisconnected();
    }

    @Override
    public void rtpPacket(int payloadBytes) {
        metrics.audioChunk(IngressMetrics.SOURCE_RTP, payloadBytes);
    }

    @Override
    public void dataChunk(int bytes) {
        metrics.audioChunk(IngressMetrics.SOURCE_DATACHANNEL, bytes);
    }
}
