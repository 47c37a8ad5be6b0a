package com.jarvis.ingress.media.transport;

import java.util.Map;

/** A header extension of a producer's RTP parameters: the URI and the client's local id for it. */
public record RtpHeaderExtensionParameters(String uri, int id, boolean encrypt, Map<String, Object> parameters) {
    public RtpHeaderExtensionParameters {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
