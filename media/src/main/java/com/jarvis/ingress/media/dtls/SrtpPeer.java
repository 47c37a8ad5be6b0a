package com.jarvis.ingress.media.dtls;

/** What the endpoint needs from either BouncyCastle peer (client or server) after and during a handshake. */
interface SrtpPeer {

    /** The SRTP keys exported when the handshake completed, else null. */
    DtlsSrtpKeys exportSrtpKeys();

    boolean closeNotifyReceived();

    boolean fingerprintMismatch();
}
