package com.jarvis.ingress.media.net;

/** What a packet on a shared port is, from its first byte (RFC 7983). */
public enum PacketKind {
    STUN,
    DTLS,
    RTP_RTCP,
    UNKNOWN
}
