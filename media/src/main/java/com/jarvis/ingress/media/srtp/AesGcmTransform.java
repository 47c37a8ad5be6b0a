package com.jarvis.ingress.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM / AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714). JCE GCM must be re-initialised with each
 * packet's IV; the Cipher instances themselves are created once.
 */
final class AesGcmTransform implements SrtpTransform {
    private static final int TAG = 16;
    private static final int SRTCP_E_BIT = 0x80000000;

    private final Cipher rtpCipher;
    private final Cipher rtcpCipher;
    private final SecretKey rtpKey;
    private final SecretKey rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[12];
    private final byte[] word = new byte[4];

    AesGcmTransform(SrtpProfile profile, SessionKeys keys) {
        rtpKey = new SecretKeySpec(keys.rtpKey(), "AES");
        rtcpKey = new SecretKeySpec(keys.rtcpKey(), "AES");
        rtpSalt = keys.rtpSalt().clone();
        rtcpSalt = keys.rtcpSalt().clone();
        try {
            rtpCipher = Cipher.getInstance("AES/GCM/NoPadding");
            rtcpCipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
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
        try {
            rtpCipher.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG * 8, rtpIv(ssrc, index)));
            rtpCipher.updateAAD(buf, off, headerLength);
            int n = rtpCipher.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
            return headerLength + n;
        } catch (AEADBadTagException e) {
            return SrtpDropReason.AUTH_FAILED.code();
        } catch (GeneralSecurityException e) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
    }

    @Override
    public int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        try {
            rtpCipher.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(TAG * 8, rtpIv(ssrc, index)));
            rtpCipher.updateAAD(buf, off, headerLength);
            int n = rtpCipher.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
            return headerLength + n;
        } catch (GeneralSecurityException e) {
            // JCE refuses to encrypt twice with one IV: protecting the same index again is a caller error.
            return SrtpDropReason.BAD_INDEX.code();
        }
    }

    @Override
    public int srtcpIndexOffset(int off, int len) {
        return off + len - 4;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eIndex) {
        int body = len - 4; // header, ciphertext, tag
        boolean encrypted = (eIndex & SRTCP_E_BIT) != 0;
        try {
            rtcpCipher.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, rtcpIv(ssrc, eIndex)));
            // RFC 7714 section 9: AAD is the 8-byte header (the whole packet when E=0), then the E|index word.
            int aadLen = encrypted ? 8 : body - TAG;
            rtcpCipher.updateAAD(buf, off, aadLen);
            AesCmHmacTransform.writeInt(word, 0, eIndex);
            rtcpCipher.updateAAD(word, 0, 4);
            int n = rtcpCipher.doFinal(buf, off + aadLen, body - aadLen, buf, off + aadLen);
            return aadLen + n;
        } catch (GeneralSecurityException e) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        int eIndex = SRTCP_E_BIT | index;
        try {
            rtcpCipher.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, rtcpIv(ssrc, index)));
            rtcpCipher.updateAAD(buf, off, 8);
            AesCmHmacTransform.writeInt(word, 0, eIndex);
            rtcpCipher.updateAAD(word, 0, 4);
            int n = rtcpCipher.doFinal(buf, off + 8, len - 8, buf, off + 8);
            AesCmHmacTransform.writeInt(buf, off + 8 + n, eIndex);
            return 8 + n + 4;
        } catch (GeneralSecurityException e) {
            return SrtpDropReason.BAD_INDEX.code();
        }
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
}
