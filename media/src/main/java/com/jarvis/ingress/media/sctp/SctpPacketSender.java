package com.jarvis.ingress.media.sctp;

/**
 * Sends one SCTP packet to the peer (as one DTLS application data record). Must not block; the bytes are only
 * valid during the call. Matches {@code DtlsEndpoint.send} so a method reference plugs in.
 */
@FunctionalInterface
public interface SctpPacketSender {
    void send(byte[] buf, int off, int len);
}
