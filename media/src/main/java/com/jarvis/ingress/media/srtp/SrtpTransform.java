package com.jarvis.ingress.media.srtp;

/**
 * The cryptographic transform of one direction: encrypts/decrypts and authenticates packets in place given the
 * packet index the caller has estimated. It owns its Cipher/Mac instances and reuses them for every packet; not
 * thread-safe.
 */
interface SrtpTransform {

    /** SRTP tag length in bytes. */
    int rtpTagLength();

    /** Bytes SRTCP adds: the E|index word plus the tag. */
    int rtcpOverhead();

    /** Verifies then decrypts; returns the plaintext length or {@link SrtpDropReason#AUTH_FAILED}'s code. */
    int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Encrypts and appends the tag (capacity already checked); returns the protected length. */
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Offset of the E|SRTCP-index word of a protected SRTCP packet of {@code len} bytes at {@code off}. */
    int srtcpIndexOffset(int off, int len);

    /** Verifies then (if E is set) decrypts; returns the RTCP length or a negative drop code. */
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eIndex);

    /** Encrypts, appends the E|index word and tag; returns the protected length. */
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index);

    static SrtpTransform create(SrtpProfile profile, SessionKeys keys) {
        return profile.isAead() ? new AesGcmTransform(profile, keys) : new AesCmHmacTransform(profile, keys);
    }
}
