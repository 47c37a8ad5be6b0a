package com.jarvis.ingress.media.srtp;

/**
 * Why a packet was dropped. Each reason has a negative code, which is what the protect/unprotect methods return
 * instead of a length.
 */
public enum SrtpDropReason {
    /** Shorter than a header plus tag, or the header runs past the end. */
    TOO_SHORT(-1),
    /** Not RTP/RTCP version 2. */
    BAD_VERSION(-2),
    /** The authentication tag did not verify; nothing was decrypted. */
    AUTH_FAILED(-3),
    /** Already received, or older than the 1024-packet replay window. */
    REPLAY(-4),
    /** A new SSRC arrived while the per-session stream table is full. */
    TOO_MANY_STREAMS(-5),
    /** Protect only: the buffer has no room for the tag (and SRTCP index). */
    BUFFER_TOO_SMALL(-6),
    /** The rollover counter estimate was impossible (index before the start of the stream). */
    BAD_INDEX(-7);

    private static final SrtpDropReason[] VALUES = values();

    private final int code;

    SrtpDropReason(int code) {
        this.code = code;
    }

    /** The negative value returned in place of a length. */
    public int code() {
        return code;
    }

    /** The reason for a negative return value, or null for a length. */
    public static SrtpDropReason fromCode(int code) {
        int i = -code - 1;
        return i >= 0 && i < VALUES.length ? VALUES[i] : null;
    }
}
