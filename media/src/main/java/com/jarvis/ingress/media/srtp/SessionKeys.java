package com.jarvis.ingress.media.srtp;

/**
 * The session keys of one direction, derived from a master key and salt (RFC 3711 section 4.3). Auth keys are
 * null for the AEAD profiles, which need none.
 */
record SessionKeys(byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey, byte[] rtcpKey, byte[] rtcpSalt,
                   byte[] rtcpAuthKey) {

    @Override
    public String toString() {
        return "SessionKeys[...]";
    }
}
