package com.jarvis.ingress.media.dtls;

/**
 * What a {@link DtlsEndpoint} reports. Calls come from the handshake executor or from the thread that called
 * {@link DtlsEndpoint#onPacket}; implementations must be quick and must not block.
 */
public interface DtlsListener {

    default void onStateChanged(DtlsState state) {
    }

    /** Called once, just before the state becomes {@link DtlsState#CONNECTED}. */
    default void onSrtpKeys(DtlsSrtpKeys keys) {
    }

    /** Decrypted application data (SCTP); the buffer is reused after the call returns. */
    default void onApplicationData(byte[] buf, int off, int len) {
    }
}
