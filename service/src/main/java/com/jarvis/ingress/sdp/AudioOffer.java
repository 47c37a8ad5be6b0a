package com.jarvis.ingress.sdp;

import java.util.List;
import java.util.Map;

/**
 * The accepted audio m-section of an offer: the client's Opus payload type and format parameters, its SSRC and CNAME
 * when it signalled them ({@code a=ssrc}; null otherwise: the receiver latches onto the first SSRC), its header
 * extension ids, and whether it asked for reduced-size RTCP.
 */
public record AudioOffer(int index, String mid, int payloadType, int channels, Map<String, String> fmtp, Long ssrc,
        String cname, List<RtpExtension> extensions, boolean rtcpReducedSize) {
    public AudioOffer {
        fmtp = Map.copyOf(fmtp);
        extensions = List.copyOf(extensions);
    }
}
