package com.jarvis.ingress.cache;

/** Every key this service writes to Redis starts with {@link #PREFIX}, so an outage clean-up can find them all. */
public final class CacheKeys {
    public static final String PREFIX = "ingress:";

    private CacheKeys() {
    }

    public static String session(Object sessionId) {
        return PREFIX + "session:" + sessionId;
    }

    /** Every token family's key starts with this (they are also served from memory, see TrackedNearCache). */
    public static final String TOKEN_FAMILY_PREFIX = PREFIX + "family:";

    public static String tokenFamily(Object familyId) {
        return TOKEN_FAMILY_PREFIX + familyId;
    }
}
