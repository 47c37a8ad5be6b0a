package com.jarvis.ingress.media.ice;

/** The class of a STUN message (RFC 8489 section 5), encoded in two bits of the message type. */
public enum StunClass {
    REQUEST,
    INDICATION,
    SUCCESS_RESPONSE,
    ERROR_RESPONSE;

    private static final StunClass[] BY_BITS = values();

    /** The class for its two-bit code (C1 C0). */
    static StunClass ofBits(int bits) {
        return BY_BITS[bits & 3];
    }

    int bits() {
        return ordinal();
    }
}
