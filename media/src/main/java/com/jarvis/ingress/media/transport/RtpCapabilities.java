package com.jarvis.ingress.media.transport;

import java.util.List;

/** Router RTP capabilities, as {@code GET /api/webrtc/capabilities} returns them. */
public record RtpCapabilities(List<RtpCodecCapability> codecs, List<RtpHeaderExtensionCapability> headerExtensions) {
    public RtpCapabilities {
        codecs = List.copyOf(codecs);
        headerExtensions = List.copyOf(headerExtensions);
    }
}
