package com.jarvis.ingress.ratelimit;

import java.time.Duration;

/**
 * One token bucket shape: {@code quota} requests per {@code window}, refilled smoothly (one token every
 * window/quota), so a client may burst up to the whole quota at once and then proceeds at the steady rate.
 *
 * @param name the policy name shown in the RateLimit headers and used in bucket keys; a short token
 */
public record RateLimitPolicy(String name, long quota, Duration window) {
    public RateLimitPolicy {
        if (!name.matches("[a-z0-9-]+") || quota < 1 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("bad policy " + name + " " + quota + "/" + window);
        }
    }

    public static RateLimitPolicy perMinute(String name, long quota) {
        return new RateLimitPolicy(name, quota, Duration.ofMinutes(1));
    }
}
