package com.jarvis.ingress.ratelimit;

import com.jarvis.ingress.config.EnvReader;
import java.util.function.Function;

/**
 * Rate-limit settings from the environment (see docs/rate-limits.md for the reasoning behind the defaults).
 *
 * @param keyPrefix prefix of every bucket key in Redis, so deployments (or test runs) sharing a Redis never collide
 * @param leases    whether an instance may take a busy key's Redis tokens in batches ({@link TokenLeases})
 */
public record RateLimitConfig(
        boolean enabled,
        RateLimitPolicy register,
        RateLimitPolicy refresh,
        RateLimitPolicy user,
        RateLimitPolicy sessionCreate,
        RateLimitPolicy webrtc,
        String keyPrefix,
        boolean leases) {

    static final int MAX_PER_MIN = 1_000_000;

    public static RateLimitConfig load(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        boolean enabled = r.bool("RATE_LIMIT_ENABLED", true);
        int register = r.integer("RATE_LIMIT_REGISTER_PER_MIN", 10, 1, MAX_PER_MIN);
        int refresh = r.integer("RATE_LIMIT_REFRESH_PER_MIN", 30, 1, MAX_PER_MIN);
        int user = r.integer("RATE_LIMIT_USER_PER_MIN", 120, 1, MAX_PER_MIN);
        int sessionCreate = r.integer("RATE_LIMIT_SESSION_CREATE_PER_MIN", 30, 1, MAX_PER_MIN);
        int webrtc = r.integer("RATE_LIMIT_WEBRTC_PER_MIN", 60, 1, MAX_PER_MIN);
        String keyPrefix = r.text("RATE_LIMIT_KEY_PREFIX", "ratelimit:");
        boolean leases = r.bool("RATE_LIMIT_LEASES", true);
        if (keyPrefix.length() > 64 || !keyPrefix.matches("[A-Za-z0-9:_.-]+")) {
            r.problem("RATE_LIMIT_KEY_PREFIX must be at most 64 characters of letters, digits and : _ . -");
        }
        r.throwIfProblems();
        return new RateLimitConfig(enabled,
                RateLimitPolicy.perMinute("register", register),
                RateLimitPolicy.perMinute("refresh", refresh),
                RateLimitPolicy.perMinute("user", user),
                RateLimitPolicy.perMinute("session-create", sessionCreate),
                RateLimitPolicy.perMinute("webrtc", webrtc),
                keyPrefix, leases);
    }

    @Override
    public String toString() {
        return "RateLimitConfig[enabled=" + enabled + ", register=" + register.quota() + "/min, refresh="
                + refresh.quota() + "/min, user=" + user.quota() + "/min, sessionCreate=" + sessionCreate.quota()
                + "/min, webrtc=" + webrtc.quota() + "/min, leases=" + leases + "]";
    }
}
