package com.jarvis.ingress.media.transport;

/** RTCP parameters of a producer: the sender's CNAME and whether it wants reduced-size RTCP (RFC 5506). */
public record RtcpParameters(String cname, Boolean reducedSize) {
}
