package com.jarvis.ingress.media.dtls;

/**
 * SRTP protection profiles negotiated by the use_srtp extension (RFC 5764, RFC 7714), in our preference order,
 * with the master key and salt lengths the keying-material export needs.
 */
public enum DtlsSrtpProfile {
    AEAD_AES_256_GCM(0x0008, 32, 12),
    AEAD_AES_128_GCM(0x0007, 16, 12),
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14),
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14);

    private static final DtlsSrtpProfile[] PREFERENCE = values();

    private final int id;
    private final int keyLength;
    private final int saltLength;

    DtlsSrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The IANA profile id carried in use_srtp. */
    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Bytes to export: a key and a salt for each direction. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this id, or null when we do not support it. */
    public static DtlsSrtpProfile fromId(int id) {
        for (DtlsSrtpProfile p : PREFERENCE) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    /** Our supported profile ids, most preferred first. */
    static int[] preferredIds() {
        int[] ids = new int[PREFERENCE.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = PREFERENCE[i].id;
        }
        return ids;
    }

    /** Our most preferred profile among the offered ids, or null when none is common. */
    static DtlsSrtpProfile selectFrom(int[] offeredIds) {
        if (offeredIds == null) {
            return null;
        }
        for (DtlsSrtpProfile p : PREFERENCE) {
            for (int offered : offeredIds) {
                if (offered == p.id) {
                    return p;
                }
            }
        }
        return null;
    }
}
