package com.jarvis.ingress.media.srtp;

/**
 * RFC 3711 section 4.3 key derivation with the AES-CM PRF and a key derivation rate of 0 (what DTLS-SRTP uses), so
 * keys are derived once per master key. RFC 7714 section 11 reuses it for GCM with a 12-byte master salt.
 */
final class SrtpKeyDerivation {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKeyDerivation() {
    }

    /** Derives {@code length} bytes for {@code label}: AES-CM keystream from IV = (master_salt XOR label<<48) << 16. */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        // A 12-byte GCM master salt is zero-padded on the right to the 112 bits the PRF takes.
        System.arraycopy(masterSalt, 0, iv, 0, Math.min(14, masterSalt.length));
        iv[7] ^= (byte) label;
        byte[] out = new byte[length];
        new AesCounterMode(masterKey).apply(iv, out, 0, length);
        return out;
    }

    /** All session keys of one direction for {@code profile}. */
    static SessionKeys sessionKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        boolean hmac = !profile.isAead();
        return new SessionKeys(
                derive(masterKey, masterSalt, LABEL_RTP_ENCRYPTION, k),
                derive(masterKey, masterSalt, LABEL_RTP_SALT, s),
                hmac ? derive(masterKey, masterSalt, LABEL_RTP_AUTH, SrtpProfile.AUTH_KEY_LENGTH) : null,
                derive(masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, k),
                derive(masterKey, masterSalt, LABEL_RTCP_SALT, s),
                hmac ? derive(masterKey, masterSalt, LABEL_RTCP_AUTH, SrtpProfile.AUTH_KEY_LENGTH) : null);
    }
}
