package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.rtp.HeaderExtensions;
import com.jarvis.ingress.media.transport.RtcpFeedback;
import com.jarvis.ingress.media.transport.RtcpParameters;
import com.jarvis.ingress.media.transport.RtpCodecParameters;
import com.jarvis.ingress.media.transport.RtpEncodingParameters;
import com.jarvis.ingress.media.transport.RtpHeaderExtensionParameters;
import com.jarvis.ingress.media.transport.RtpParameters;
import com.jarvis.ingress.media.transport.Router;
import java.util.List;
import java.util.Map;

/** The producer/create {@code rtpParameters} mediasoup-client sends from Chrome for one Opus track. */
final class ChromeAudio {
    private ChromeAudio() {
    }

    static RtpParameters rtpParameters(int ssrc, String cname) {
        return new RtpParameters("0",
                List.of(new RtpCodecParameters("audio/opus", RtpSender.PAYLOAD_TYPE, 48_000, 2,
                        Map.of("minptime", 10, "useinbandfec", 1), List.of(new RtcpFeedback("transport-cc", "")))),
                List.of(new RtpHeaderExtensionParameters(HeaderExtensions.MID_URI, RtpSender.MID_ID, false, Map.of()),
                        new RtpHeaderExtensionParameters(Router.ABS_SEND_TIME_URI, 2, false, Map.of()),
                        new RtpHeaderExtensionParameters(Router.TRANSPORT_CC_URI, 3, false, Map.of()),
                        new RtpHeaderExtensionParameters(HeaderExtensions.AUDIO_LEVEL_URI, RtpSender.AUDIO_LEVEL_ID,
                                false, Map.of())),
                List.of(new RtpEncodingParameters(ssrc & 0xffffffffL, false)),
                new RtcpParameters(cname, true));
    }
}
