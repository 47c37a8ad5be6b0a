package com.jarvis.ingress.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as RFC 3711 section 4.1.1 defines it: keystream block i is AES(key, IV + i). Built on one
 * ECB cipher initialised once, so a packet costs no cipher re-initialisation and no allocation.
 */
final class AesCounterMode {
    private static final int CHUNK = 512; // bytes of keystream produced per ECB call

    private final Cipher ecb;
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];

    AesCounterMode(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /**
     * XORs the keystream that starts at {@code iv} (16 bytes) into {@code buf[off, off+len)}. The counter is added
     * to the low 32 bits of the IV; SRTP IVs have their low 16 bits zero, so that never carries.
     */
    void apply(byte[] iv, byte[] buf, int off, int len) {
        int base = ((iv[12] & 0xff) << 24) | ((iv[13] & 0xff) << 16) | ((iv[14] & 0xff) << 8) | (iv[15] & 0xff);
        int block = 0;
        int done = 0;
        while (done < len) {
            int n = Math.min(CHUNK, len - done);
            int blocks = (n + 15) >>> 4;
            for (int b = 0; b < blocks; b++) {
                int p = b << 4;
                System.arraycopy(iv, 0, counters, p, 12);
                int c = base + block + b;
                counters[p + 12] = (byte) (c >>> 24);
                counters[p + 13] = (byte) (c >>> 16);
                counters[p + 14] = (byte) (c >>> 8);
                counters[p + 15] = (byte) c;
            }
            try {
                ecb.update(counters, 0, blocks << 4, keystream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES failed", e); // cannot happen: sizes are block multiples
            }
            int o = off + done;
            for (int i = 0; i < n; i++) {
                buf[o + i] ^= keystream[i];
            }
            block += blocks;
            done += n;
        }
    }
}
