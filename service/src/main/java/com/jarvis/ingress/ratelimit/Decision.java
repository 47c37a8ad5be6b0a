package com.jarvis.ingress.ratelimit;

/**
 * The outcome of taking one token from a bucket.
 *
 * @param remaining         tokens left after this request (0 when refused)
 * @param resetSeconds      when allowed: seconds until the bucket is full again; when refused: same as retryAfter
 * @param retryAfterSeconds 0 when allowed; otherwise whole seconds until a request can succeed (at least 1)
 */
public record Decision(RateLimitPolicy policy, boolean allowed, long remaining, long resetSeconds,
                       long retryAfterSeconds) {

    /** What an unlimited check answers (rate limiting disabled). */
    public static Decision unlimited(RateLimitPolicy policy) {
        return new Decision(policy, true, policy.quota(), 0, 0);
    }
}
