package com.jarvis.ingress.media.srtp;

import java.util.Arrays;

/**
 * Master keys and salts for both directions of one DTLS-SRTP association. Local keys protect what we send, remote
 * keys unprotect what we receive.
 */
public record SrtpKeyMaterial(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
                              byte[] remoteSalt) {

    public SrtpKeyMaterial {
        if (profile == null) {
            throw new IllegalArgumentException("profile is required");
        }
        checkLength(localKey, profile.keyLength(), "localKey");
        checkLength(remoteKey, profile.keyLength(), "remoteKey");
        checkLength(localSalt, profile.saltLength(), "localSalt");
        checkLength(remoteSalt, profile.saltLength(), "remoteSalt");
        localKey = localKey.clone();
        localSalt = localSalt.clone();
        remoteKey = remoteKey.clone();
        remoteSalt = remoteSalt.clone();
    }

    /**
     * Splits exported keying material laid out as client_write_key | server_write_key | client_write_salt |
     * server_write_salt (RFC 5764 section 4.2).
     *
     * @param dtlsClient true when we were the DTLS client, so the client keys are ours
     */
    public static SrtpKeyMaterial fromExported(SrtpProfile profile, byte[] exported, boolean dtlsClient) {
        if (exported == null || exported.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength() + " bytes");
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        byte[] clientKey = Arrays.copyOfRange(exported, 0, k);
        byte[] serverKey = Arrays.copyOfRange(exported, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(exported, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s);
        return dtlsClient
                ? new SrtpKeyMaterial(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeyMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    @Override
    public byte[] localKey() {
        return localKey.clone();
    }

    @Override
    public byte[] localSalt() {
        return localSalt.clone();
    }

    @Override
    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    @Override
    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeyMaterial m && profile == m.profile
                && Arrays.equals(localKey, m.localKey) && Arrays.equals(localSalt, m.localSalt)
                && Arrays.equals(remoteKey, m.remoteKey) && Arrays.equals(remoteSalt, m.remoteSalt);
    }

    @Override
    public int hashCode() {
        return profile.hashCode() * 31 + Arrays.hashCode(remoteKey);
    }

    /** Never prints key bytes. */
    @Override
    public String toString() {
        return "SrtpKeyMaterial[" + profile + "]";
    }

    private static void checkLength(byte[] b, int len, String name) {
        if (b == null || b.length != len) {
            throw new IllegalArgumentException(name + " must be " + len + " bytes");
        }
    }
}
