package com.jarvis.ingress.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as RFC 3711 section 4.1.1 defines it: keystream block i is AES(key, IV + i). Built on one
 * ECB cipher initialised once, so a packet costs no cipher re-initialisation and no allocation.
 */
final class AesCounterMode {
    private static final int CHUNK = 512; // bytes of keystream produced per ECB call
    // Whole-word reads and writes: a byte loop here cost as much as the AES itself for a 100-byte payload.
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

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
        long high = (long) LONG.get(iv, 0);
        int middle = (int) INT.get(iv, 8);
        int base = (int) INT.get(iv, 12);
        int block = 0;
        int done = 0;
        while (done < len) {
            int n = Math.min(CHUNK, len - done);
            int blocks = (n + 15) >>> 4;
            for (int b = 0; b < blocks; b++) {
                int p = b << 4;
                LONG.set(counters, p, high);
                INT.set(counters, p + 8, middle);
                INT.set(counters, p + 12, base + block + b);
            }
            try {
                ecb.update(counters, 0, blocks << 4, keystream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES failed", e); // cannot happen: sizes are block multiples
            }
            int o = off + done;
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                LONG.set(buf, o + i, (long) LONG.get(buf, o + i) ^ (long) LONG.get(keystream, i));
            }
            for (; i < n; i++) {
                buf[o + i] ^= keystream[i];
            }
            block += blocks;
            done += n;
        }
    }
}
