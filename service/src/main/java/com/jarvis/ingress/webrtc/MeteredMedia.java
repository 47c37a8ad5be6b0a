package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.observability.IngressMetrics;
import org.springframework.stereotype.Component;

/** Media events as the spec's metrics: WebRTC connections, audio chunks (one per RTP packet or binary data channel message) and bytes. */
@Component
public class MeteredMedia implements MediaMetrics {
    private final IngressMetrics metrics;
    private final IngressMetrics.AudioSourceCounters rtp;
    private final IngressMetrics.AudioSourceCounters dataChannel;

    public MeteredMedia(IngressMetrics metrics) {
        this.metrics = metrics;
        this.rtp = metrics.audioSource(IngressMetrics.SOURCE_RTP);
        this.dataChannel = metrics.audioSource(IngressMetrics.SOURCE_DATACHANNEL);
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
        rtp.record(payloadBytes);
    }

    @Override
    public void dataChunk(int bytes) {
        dataChannel.record(bytes);
    }
}
