package com.jarvis.ingress.media.ice;

import java.security.SecureRandom;
import java.util.Objects;

/** Local ICE username fragment and password (RFC 8445 section 5.3). */
public record IceCredentials(String ufrag, String password) {
    /** The ice-char alphabet of RFC 8839: ALPHA / DIGIT / "+" / "/". 64 symbols, so no modulo bias. */
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    /** 32 characters each, as mediasoup uses (RFC minimum: 4 and 22). */
    public static final int LENGTH = 32;

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (ufrag.isEmpty() || ufrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ufrag must be non-empty and contain no ':'");
        }
    }

    /** Fresh random credentials. */
    public static IceCredentials random(SecureRandom random) {
        return new IceCredentials(randomString(random), randomString(random));
    }

    private static String randomString(SecureRandom random) {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]";
    }
}
