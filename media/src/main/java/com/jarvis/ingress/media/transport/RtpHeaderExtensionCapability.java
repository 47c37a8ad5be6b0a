package com.jarvis.ingress.media.transport;

/** A header extension the router understands, in mediasoup's {@code RtpHeaderExtension} shape. */
public record RtpHeaderExtensionCapability(String kind, String uri, int preferredId, boolean preferredEncrypt,
        String direction) {
}
