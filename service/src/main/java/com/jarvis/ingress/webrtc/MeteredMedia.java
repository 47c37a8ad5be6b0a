package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.transport.CloseReason;
import com.jarvis.ingress.observability.IngressMetrics;
import io.micrometer.core.instrument.Counter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Media events as the spec's metrics: WebRTC connections, audio chunks (one per RTP packet or binary data channel
 * message) and bytes; and transports closed by reason ({@code reason} = the lower-case {@link CloseReason}).
 */
@Component
public class MeteredMedia implements MediaMetrics {
    private final IngressMetrics metrics;
    private final IngressMetrics.AudioSourceCounters rtp;
    private final IngressMetrics.AudioSourceCounters dataChannel;
    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

    public MeteredMedia(IngressMetrics metrics) {
        this.metrics = metrics;
        this.rtp = metrics.audioSource(IngressMetrics.SOURCE_RTP);
        this.dataChannel = metrics.audioSource(IngressMetrics.SOURCE_DATACHANNEL);
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, metrics.webrtcTransportsClosed(reason.name().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public void transportClosed(CloseReason reason) {
        closed.get(reason).increment();
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
