package com.jarvis.ingress.media.transport;

import java.util.List;

/** What a client sends when it produces (mediasoup's {@code RtpSendParameters}). Check with {@link Router#validate}. */
public record RtpParameters(String mid, List<RtpCodecParameters> codecs,
        List<RtpHeaderExtensionParameters> headerExtensions, List<RtpEncodingParameters> encodings,
        RtcpParameters rtcp) {
    public RtpParameters {
        codecs = codecs == null ? List.of() : List.copyOf(codecs);
        headerExtensions = headerExtensions == null ? List.of() : List.copyOf(headerExtensions);
        encodings = encodings == null ? List.of() : List.copyOf(encodings);
    }

    /** The client's id for the header extension {@code uri}, or -1 when not negotiated. */
    public int extensionId(String uri) {
        for (RtpHeaderExtensionParameters e : headerExtensions) {
            if (e.uri() != null && e.uri().equalsIgnoreCase(uri)) {
                return e.id();
            }
        }
        return -1;
    }
}
