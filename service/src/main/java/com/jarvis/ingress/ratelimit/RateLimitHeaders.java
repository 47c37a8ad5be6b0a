package com.jarvis.ingress.ratelimit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The header fields of draft-ietf-httpapi-ratelimit-headers (-10): Structured Field lists whose items are the
 * policy name as an sf-string, e.g.
 * {@code RateLimit-Policy: "user";q=120;w=60} and {@code RateLimit: "user";r=119;t=1}.
 */
public final class RateLimitHeaders {
    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {
    }

    public static String policy(List<Decision> decisions) {
        return decisions.stream()
                .map(d -> quoted(d.policy().name()) + ";q=" + d.policy().quota() + ";w=" + d.policy().window().toSeconds())
                .collect(Collectors.joining(", "));
    }

    public static String state(List<Decision> decisions) {
        return decisions.stream()
                .map(d -> quoted(d.policy().name()) + ";r=" + d.remaining() + ";t=" + d.resetSeconds())
                .collect(Collectors.joining(", "));
    }

    /** Retry-After for a refused request: the longest wait among the refusing policies. */
    public static long retryAfter(List<Decision> decisions) {
        return decisions.stream().mapToLong(Decision::retryAfterSeconds).max().orElse(0);
    }

    /** Policy names are restricted to [a-z0-9-], so quoting needs no escapes. */
    private static String quoted(String name) {
        return "\"" + name + "\"";
    }
}
