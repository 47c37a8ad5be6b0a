package com.jarvis.ingress.media.transport;

import java.util.List;
import java.util.Map;

/**
 * A codec of a producer's RTP parameters, with the client's own payload type.
 *
 * @param channels null when not signalled
 */
public record RtpCodecParameters(String mimeType, int payloadType, int clockRate, Integer channels,
        Map<String, Object> parameters, List<RtcpFeedback> rtcpFeedback) {
    public RtpCodecParameters {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        rtcpFeedback = rtcpFeedback == null ? List.of() : List.copyOf(rtcpFeedback);
    }
}
