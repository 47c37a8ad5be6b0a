package com.jarvis.ingress.cache;

/** Every key this service writes to Redis starts with {@link #PREFIX}, so an outage clean-up can find them all. */
public final class CacheKeys {
    public static final String PREFIX = "ingress:";

    private CacheKeys() {
    }

    public static String session(Object sessionId) {
        return PREFIX + "session:" + sessionId;
    }

    public static String tokenFamily(Object familyId) {
        return PREFIX + "family:" + familyId;
    }
}
