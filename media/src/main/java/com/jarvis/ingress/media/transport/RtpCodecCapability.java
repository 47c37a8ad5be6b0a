package com.jarvis.ingress.media.transport;

import java.util.List;
import java.util.Map;

/** A codec the router supports, in mediasoup's {@code RtpCodecCapability} shape. */
public record RtpCodecCapability(String kind, String mimeType, int preferredPayloadType, int clockRate,
        int channels, Map<String, Object> parameters, List<RtcpFeedback> rtcpFeedback) {
    public RtpCodecCapability {
        parameters = Map.copyOf(parameters);
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }
}
