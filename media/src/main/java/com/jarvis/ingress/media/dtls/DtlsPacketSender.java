package com.jarvis.ingress.media.dtls;

/**
 * Sends one DTLS datagram to the peer (over the selected ICE tuple). Must not block; the bytes are only valid
 * during the call.
 */
@FunctionalInterface
public interface DtlsPacketSender {
    void send(byte[] buf, int off, int len);
}
