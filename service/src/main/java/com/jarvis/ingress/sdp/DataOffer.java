package com.jarvis.ingress.sdp;

/** The accepted {@code m=application ... webrtc-datachannel} section (RFC 8841): SCTP over the same DTLS. */
public record DataOffer(int index, String mid, String proto, int sctpPort, long maxMessageSize) {
}
