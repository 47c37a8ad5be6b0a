package com.jarvis.ingress.media.ice;

import static com.jarvis.ingress.media.ice.StunConstants.HEADER_LENGTH;
import static com.jarvis.ingress.media.ice.StunConstants.MESSAGE_INTEGRITY_LENGTH;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1) with one short-term credential: the key is the password's bytes (ICE passwords
 * are ASCII, so SASLprep/OpaqueString leaves them unchanged). Holds a keyed {@link Mac}; not thread-safe.
 */
public final class StunIntegrity {
    private final Mac mac;
    private final byte[] lengthField = new byte[2];
    private final byte[] computed = new byte[MESSAGE_INTEGRITY_LENGTH];

    /** A key for the given short-term password. */
    public StunIntegrity(String password) {
        this(password.getBytes(StandardCharsets.UTF_8));
    }

    public StunIntegrity(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
    }

    /**
     * Writes the HMAC of the message starting at {@code off} whose MESSAGE-INTEGRITY attribute header is at
     * {@code miOff} into {@code out[outOff..outOff+20)}.
     */
    void compute(byte[] buf, int off, int miOff, byte[] out, int outOff) {
        mac.update(buf, off, 2);
        // The length field counts up to the end of MESSAGE-INTEGRITY (RFC 8489 section 14.5).
        int adjusted = miOff + 4 + MESSAGE_INTEGRITY_LENGTH - off - HEADER_LENGTH;
        lengthField[0] = (byte) (adjusted >>> 8);
        lengthField[1] = (byte) adjusted;
        mac.update(lengthField, 0, 2);
        mac.update(buf, off + 4, miOff - off - 4);
        try {
            mac.doFinal(out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("no room for MESSAGE-INTEGRITY", e);
        }
    }

    /** Compares the received HMAC with the computed one in constant time. */
    boolean verify(byte[] buf, int off, int miOff) {
        compute(buf, off, miOff, computed, 0);
        int diff = 0;
        int received = miOff + 4;
        for (int i = 0; i < MESSAGE_INTEGRITY_LENGTH; i++) {
            diff |= computed[i] ^ buf[received + i];
        }
        return diff == 0;
    }
}
