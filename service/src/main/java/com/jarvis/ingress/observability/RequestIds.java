package com.jarvis.ingress.observability;

import java.util.UUID;

/**
 * Correlation ids: the caller's {@code X-Request-Id} (HTTP header, or gRPC metadata {@code x-request-id}) when it
 * is 1..128 visible ASCII characters, a new UUID otherwise. Logged as the MDC field {@value #MDC_KEY}.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The presented id if it is acceptable, else a fresh one. */
    public static String acceptOrGenerate(String presented) {
        return valid(presented) ? presented : UUID.randomUUID().toString();
    }

    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
