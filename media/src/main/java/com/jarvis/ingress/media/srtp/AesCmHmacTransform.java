package com.jarvis.ingress.media.srtp;

/**
 * AES_CM_128 encryption with HMAC-SHA1 authentication (RFC 3711 sections 4.1.1 and 4.2.1). Allocates nothing per
 * packet. The SRTP cipher and MAC are built on first use: the ingress protects only SRTCP, so its outbound
 * transform never needs them.
 */
final class AesCmHmacTransform implements SrtpTransform {
    private static final int SRTCP_E_BIT = 0x80000000;

    private final int rtpTag;
    private final int rtcpTag;
    private final byte[] rtpKey;
    private final byte[] rtpAuthKey;
    private AesCounterMode rtpCipher;
    private HmacSha1 rtpMac;
    private final AesCounterMode rtcpCipher;
    private final HmacSha1 rtcpMac;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[16];
    private final byte[] digest = new byte[HmacSha1.LENGTH];
    private final byte[] word = new byte[4];

    AesCmHmacTransform(SrtpProfile profile, SessionKeys keys) {
        rtpTag = profile.rtpTagLength();
        rtcpTag = profile.rtcpTagLength();
        rtpKey = keys.rtpKey().clone();
        rtpAuthKey = keys.rtpAuthKey().clone();
        rtcpCipher = new AesCounterMode(keys.rtcpKey());
        rtcpMac = new HmacSha1(keys.rtcpAuthKey());
        rtpSalt = keys.rtpSalt().clone();
        rtcpSalt = keys.rtcpSalt().clone();
    }

    private void ensureRtp() {
        if (rtpCipher == null) {
            rtpCipher = new AesCounterMode(rtpKey);
            rtpMac = new HmacSha1(rtpAuthKey);
        }
    }

    @Override
    public int rtpTagLength() {
        return rtpTag;
    }

    @Override
    public int rtcpOverhead() {
        return 4 + rtcpTag;
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        ensureRtp();
        int authLen = len - rtpTag;
        rtpTag(buf, off, authLen, (int) (index >>> 16));
        if (!tagMatches(buf, off + authLen, rtpTag)) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
        rtpCipher.apply(iv(rtpSalt, ssrc, index), buf, off + headerLength, authLen - headerLength);
        return authLen;
    }

    @Override
    public int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        ensureRtp();
        rtpCipher.apply(iv(rtpSalt, ssrc, index), buf, off + headerLength, len - headerLength);
        rtpTag(buf, off, len, (int) (index >>> 16));
        System.arraycopy(digest, 0, buf, off + len, rtpTag);
        return len + rtpTag;
    }

    @Override
    public int srtcpIndexOffset(int off, int len) {
        return off + len - rtcpTag - 4;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eIndex) {
        int authLen = len - rtcpTag;
        mac(rtcpMac, buf, off, authLen);
        if (!tagMatches(buf, off + authLen, rtcpTag)) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
        int plainLen = authLen - 4;
        if ((eIndex & SRTCP_E_BIT) != 0) {
            rtcpCipher.apply(iv(rtcpSalt, ssrc, eIndex & 0x7fffffff), buf, off + 8, plainLen - 8);
        }
        return plainLen;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        rtcpCipher.apply(iv(rtcpSalt, ssrc, index), buf, off + 8, len - 8);
        writeInt(buf, off + len, SRTCP_E_BIT | index);
        mac(rtcpMac, buf, off, len + 4);
        System.arraycopy(digest, 0, buf, off + len + 4, rtcpTag);
        return len + 4 + rtcpTag;
    }

    /** HMAC over the packet then the 32-bit ROC (RFC 3711 section 4.2). */
    private void rtpTag(byte[] buf, int off, int len, int roc) {
        rtpMac.update(buf, off, len);
        writeInt(word, 0, roc);
        rtpMac.update(word, 0, 4);
        rtpMac.doFinal(digest, 0);
    }

    private void mac(HmacSha1 mac, byte[] buf, int off, int len) {
        mac.update(buf, off, len);
        mac.doFinal(digest, 0);
    }

    /** Compares without an early exit, so timing says nothing about where a forged tag differs. */
    private boolean tagMatches(byte[] buf, int at, int tagLen) {
        int diff = 0;
        for (int i = 0; i < tagLen; i++) {
            diff |= digest[i] ^ buf[at + i];
        }
        return diff == 0;
    }

    /** IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
    private byte[] iv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
        return iv;
    }

    static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
