package com.jarvis.ingress.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;

/**
 * AEAD_AES_128_GCM / AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714), allocating nothing per packet. JCE's GCM
 * cipher must be re-initialised with every packet's IV and builds a new engine each time (≈ 1.2 KB per packet);
 * BouncyCastle's {@code GCMBlockCipher} allocates its buffers in {@code init} too. So GCM is composed here from
 * its two halves (NIST SP 800-38D): the counter mode is {@link AesCounterMode} (JCE AES, which uses the CPU's AES
 * instructions) and GHASH is BouncyCastle's {@link GCMMultiplier}, both set up once per key. Both SRTP and SRTCP use
 * the untabled multiplier ({@link BasicGCMMultiplier}, ~60 ns per block, allocation-free, 16 bytes of key state):
 * the 4k table one is twice as fast only while its table is in the CPU cache, i.e. for one stream; with 500 sessions
 * taking turns each packet found its session's ~9 KB table cold, and GHASH cost 2-8x the untabled figure (see
 * docs/benchmarks.md, issue 11, decoding at 500 sessions). The SRTP state of a direction is only built when it is
 * first used (the ingress never sends RTP).
 */
final class AesGcmTransform implements SrtpTransform {
    private static final int TAG = 16;
    private static final int SRTCP_E_BIT = 0x80000000;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] rtpKey;
    private Gcm rtp;
    private final Gcm rtcp;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[12];
    private final byte[] word = new byte[4];

    AesGcmTransform(SrtpProfile profile, SessionKeys keys) {
        rtpKey = keys.rtpKey().clone();
        rtcp = new Gcm(keys.rtcpKey(), new BasicGCMMultiplier());
        rtpSalt = keys.rtpSalt().clone();
        rtcpSalt = keys.rtcpSalt().clone();
    }

    private Gcm rtp() {
        Gcm g = rtp;
        if (g == null) {
            g = new Gcm(rtpKey, new BasicGCMMultiplier());
            rtp = g;
        }
        return g;
    }

    @Override
    public int rtpTagLength() {
        return TAG;
    }

    @Override
    public int rtcpOverhead() {
        return TAG + 4;
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        int ct = len - TAG - headerLength;
        Gcm rtp = rtp();
        rtp.start(rtpIv(ssrc, index));
        rtp.aad(buf, off, headerLength);
        if (!rtp.verify(buf, off + headerLength, ct, buf, off + len - TAG)) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
        rtp.crypt(buf, off + headerLength, ct);
        return headerLength + ct;
    }

    @Override
    public int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        Gcm rtp = rtp();
        rtp.start(rtpIv(ssrc, index));
        rtp.aad(buf, off, headerLength);
        rtp.crypt(buf, off + headerLength, len - headerLength);
        rtp.tag(buf, off + headerLength, len - headerLength, buf, off + len);
        return len + TAG;
    }

    @Override
    public int srtcpIndexOffset(int off, int len) {
        return off + len - 4;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eIndex) {
        int body = len - 4; // header, ciphertext, tag
        // RFC 7714 section 9: AAD is the 8-byte header (the whole packet when E=0), then the E|index word.
        int aadLen = (eIndex & SRTCP_E_BIT) != 0 ? 8 : body - TAG;
        int ct = body - TAG - aadLen;
        rtcp.start(rtcpIv(ssrc, eIndex));
        rtcp.aad(buf, off, aadLen);
        AesCmHmacTransform.writeInt(word, 0, eIndex);
        rtcp.aad(word, 0, 4);
        if (!rtcp.verify(buf, off + aadLen, ct, buf, off + body - TAG)) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
        rtcp.crypt(buf, off + aadLen, ct);
        return aadLen + ct;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        int eIndex = SRTCP_E_BIT | index;
        rtcp.start(rtcpIv(ssrc, index));
        rtcp.aad(buf, off, 8);
        AesCmHmacTransform.writeInt(word, 0, eIndex);
        rtcp.aad(word, 0, 4);
        rtcp.crypt(buf, off + 8, len - 8);
        rtcp.tag(buf, off + 8, len - 8, buf, off + len);
        AesCmHmacTransform.writeInt(buf, off + len + TAG, eIndex);
        return len + TAG + 4;
    }

    /** RFC 7714 section 8.1: (0x0000 || SSRC || ROC || SEQ) XOR salt. */
    private byte[] rtpIv(int ssrc, long index) {
        iv[0] = 0;
        iv[1] = 0;
        AesCmHmacTransform.writeInt(iv, 2, ssrc);
        AesCmHmacTransform.writeInt(iv, 6, (int) (index >>> 16));
        iv[10] = (byte) (index >>> 8);
        iv[11] = (byte) index;
        return xorSalt(rtpSalt);
    }

    /** RFC 7714 section 9.1: (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt; E is not part of it. */
    private byte[] rtcpIv(int ssrc, int eIndex) {
        iv[0] = 0;
        iv[1] = 0;
        AesCmHmacTransform.writeInt(iv, 2, ssrc);
        iv[6] = 0;
        iv[7] = 0;
        AesCmHmacTransform.writeInt(iv, 8, eIndex & 0x7fffffff);
        return xorSalt(rtcpSalt);
    }

    private byte[] xorSalt(byte[] salt) {
        for (int i = 0; i < 12; i++) {
            iv[i] ^= salt[i];
        }
        return iv;
    }

    /**
     * GCM with a 96-bit IV and a 128-bit tag under one key: {@link #start}, then all of the AAD ({@link #aad}, in
     * pieces), then {@link #verify} or {@link #tag} over the ciphertext, and {@link #crypt} for the data.
     */
    private static final class Gcm {
        private final AesCounterMode ctr;
        private final GCMMultiplier ghash;
        /** J0 = IV || 0^31 || 1 (SP 800-38D 7.1), then the first data counter block IV || 2. */
        private final byte[] counter = new byte[16];
        private final byte[] state = new byte[16];
        private final byte[] mask = new byte[16];
        private int pos;
        private long aadBytes;

        Gcm(byte[] key, GCMMultiplier ghash) {
            ctr = new AesCounterMode(key);
            byte[] h = new byte[16];
            ctr.apply(h, h, 0, 16); // H = AES(K, 0^128): the keystream of the all-zero counter over zeros
            this.ghash = ghash;
            ghash.init(h);
        }

        void start(byte[] iv12) {
            System.arraycopy(iv12, 0, counter, 0, 12);
            counter[12] = 0;
            counter[13] = 0;
            counter[14] = 0;
            counter[15] = 1;
            Arrays.fill(mask, (byte) 0);
            ctr.apply(counter, mask, 0, 16); // E(K, J0), which masks the tag
            counter[15] = 2;
            Arrays.fill(state, (byte) 0);
            pos = 0;
            aadBytes = 0;
        }

        void aad(byte[] buf, int off, int len) {
            absorb(buf, off, len);
            aadBytes += len;
        }

        /** Encrypts or decrypts {@code buf[off, off+len)} in place. */
        void crypt(byte[] buf, int off, int len) {
            ctr.apply(counter, buf, off, len);
        }

        /** Writes the tag over the ciphertext {@code ct[off, off+len)} to {@code out[at]}. */
        void tag(byte[] ct, int off, int len, byte[] out, int at) {
            finish(ct, off, len);
            for (int i = 0; i < TAG; i++) {
                out[at + i] = (byte) (state[i] ^ mask[i]);
            }
        }

        /** Compares the tag without an early exit, so timing says nothing about where a forged tag differs. */
        boolean verify(byte[] ct, int off, int len, byte[] tag, int at) {
            finish(ct, off, len);
            int diff = 0;
            for (int i = 0; i < TAG; i++) {
                diff |= state[i] ^ mask[i] ^ tag[at + i];
            }
            return diff == 0;
        }

        /** GHASH over the ciphertext after the AAD, each zero-padded to whole blocks, then the two bit lengths. */
        private void finish(byte[] ct, int off, int len) {
            pad();
            absorb(ct, off, len);
            pad();
            LONG.set(state, 0, (long) LONG.get(state, 0) ^ (aadBytes << 3));
            LONG.set(state, 8, (long) LONG.get(state, 8) ^ ((long) len << 3));
            ghash.multiplyH(state);
        }

        private void absorb(byte[] buf, int off, int len) {
            int i = 0;
            if (pos == 0) {
                for (; i + 16 <= len; i += 16) { // whole blocks: the common case
                    LONG.set(state, 0, (long) LONG.get(state, 0) ^ (long) LONG.get(buf, off + i));
                    LONG.set(state, 8, (long) LONG.get(state, 8) ^ (long) LONG.get(buf, off + i + 8));
                    ghash.multiplyH(state);
                }
            }
            for (; i < len; i++) {
                state[pos++] ^= buf[off + i];
                if (pos == 16) {
                    ghash.multiplyH(state);
                    pos = 0;
                }
            }
        }

        private void pad() {
            if (pos != 0) {
                ghash.multiplyH(state);
                pos = 0;
            }
        }
    }
}
