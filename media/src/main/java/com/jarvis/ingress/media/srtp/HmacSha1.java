package com.jarvis.ingress.media.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) that writes its tag into a caller's array. JCE's {@code Mac.doFinal(out, off)} allocates
 * the tag internally on every call (40 bytes per packet); this is the same construction over the JDK's SHA-1
 * {@link MessageDigest} (which keeps its CPU intrinsics), whose {@code digest(buf, off, len)} allocates nothing.
 * Not thread-safe.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];
    private boolean started;

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key; // SRTP auth keys are 20 bytes: never hashed
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    void update(byte[] buf, int off, int len) {
        if (!started) {
            sha1.update(innerPad);
            started = true;
        }
        sha1.update(buf, off, len);
    }

    /** Writes the 20-byte tag to {@code out[off]} and resets for the next message. */
    void doFinal(byte[] out, int off) {
        try {
            if (!started) {
                sha1.update(innerPad);
            }
            started = false;
            sha1.digest(inner, 0, LENGTH);
            sha1.update(outerPad);
            sha1.update(inner);
            sha1.digest(out, off, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 failed", e); // cannot happen: the output always has room
        }
    }
}
