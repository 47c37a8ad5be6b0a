package com.jarvis.ingress.media.sctp;

import java.security.SecureRandom;

/**
 * The HMAC-SHA256 key that signs state cookies. Create one per process (or per server) and share it among all
 * associations; it never leaves memory.
 */
public final class SctpCookieSecret {
    private final byte[] key;

    private SctpCookieSecret(byte[] key) {
        this.key = key;
    }

    public static SctpCookieSecret random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new SctpCookieSecret(k);
    }

    /** For tests: a fixed key. */
    public static SctpCookieSecret of(byte[] key) {
        return new SctpCookieSecret(key.clone());
    }

    byte[] key() {
        return key;
    }
}
