package com.jarvis.ingress.media.srtp;

/**
 * The SRTP protection profiles negotiated by DTLS-SRTP (RFC 5764 section 4.1.2, RFC 7714 section 14.2), with the
 * lengths each one fixes. Declared in our order of preference.
 */
public enum SrtpProfile {
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, 16, true),
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16, true),
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10, false),
    // RFC 5764 4.1.2: the _32 profile still uses an 80-bit tag on SRTCP.
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10, false);

    /** HMAC-SHA1 session authentication key length (RFC 3711 section 8.2). */
    static final int AUTH_KEY_LENGTH = 20;

    /** Declaration order is preference order; cached so lookups do not clone values(). */
    private static final SrtpProfile[] PREFERENCE = values();

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final boolean aead;

    SrtpProfile(int id, int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength, boolean aead) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.aead = aead;
    }

    /** The DTLS-SRTP protection profile id (two octets in the use_srtp extension). */
    public int id() {
        return id;
    }

    /** Master (and session) cipher key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master (and session) salt length in bytes: 14 for AES-CM, 12 for GCM. */
    public int saltLength() {
        return saltLength;
    }

    /** Authentication tag length appended to SRTP packets, in bytes. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Authentication tag length appended to SRTCP packets, in bytes. */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** True for the AES-GCM (AEAD) profiles. */
    public boolean isAead() {
        return aead;
    }

    /** Bytes of keying material to export with "EXTRACTOR-dtls_srtp": two keys and two salts. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this DTLS-SRTP id, or null when we do not support it. */
    public static SrtpProfile fromId(int id) {
        for (SrtpProfile p : PREFERENCE) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    /** Our supported profile ids, most preferred first (what a DTLS client offers in use_srtp). */
    public static int[] preferredIds() {
        int[] ids = new int[PREFERENCE.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = PREFERENCE[i].id;
        }
        return ids;
    }

    /** Our most preferred profile among the offered ids, or null when none is common (or none offered). */
    public static SrtpProfile selectFrom(int[] offeredIds) {
        if (offeredIds == null) {
            return null;
        }
        for (SrtpProfile p : PREFERENCE) {
            for (int offered : offeredIds) {
                if (offered == p.id) {
                    return p;
                }
            }
        }
        return null;
    }
}
