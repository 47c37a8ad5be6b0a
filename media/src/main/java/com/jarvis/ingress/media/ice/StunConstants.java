package com.jarvis.ingress.media.ice;

/** Wire constants of STUN (RFC 8489) and its ICE attributes (RFC 8445). */
public final class StunConstants {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    public static final int FINGERPRINT_XOR = 0x5354554e;

    public static final int METHOD_BINDING = 0x001;

    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    public static final int MESSAGE_INTEGRITY_LENGTH = 20;
    /** RFC 8489 section 14.3: USERNAME is at most 513 bytes. */
    public static final int MAX_USERNAME_LENGTH = 513;

    public static final int ERROR_BAD_REQUEST = 400;
    public static final int ERROR_UNAUTHORIZED = 401;
    public static final int ERROR_ROLE_CONFLICT = 487;

    private StunConstants() {
    }
}
