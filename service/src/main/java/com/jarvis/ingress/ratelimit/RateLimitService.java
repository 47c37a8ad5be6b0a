package com.jarvis.ingress.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one place that decides whether a request may proceed. REST uses it through {@link RateLimitInterceptor};
 * other front ends (gRPC) call {@link #check} themselves with the same keys and policies, so limits are shared
 * across protocols, e.g. for a gRPC StartSession:
 *
 * <pre>{@code
 * List<Decision> ds = rateLimits.checkAll(RateLimitService.userKey(userId),
 *         List.of(rateLimits.config().sessionCreate(), rateLimits.config().user()));
 * Decision last = ds.get(ds.size() - 1);
 * if (!last.allowed()) -> RESOURCE_EXHAUSTED, retry after last.retryAfterSeconds()
 * }</pre>
 *
 * Never throws because of Redis: it falls back to in-process buckets. When rate limiting is disabled every check
 * is allowed.
 */
public class RateLimitService implements AutoCloseable {
    private final RateLimitConfig config;
    private final BucketStore store;
    private final MeterRegistry meters;
    private final Map<String, Counter> limitedCounters = new ConcurrentHashMap<>();

    RateLimitService(RateLimitConfig config, BucketStore store, MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.meters = meters;
    }

    public RateLimitConfig config() {
        return config;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The partition key of an authenticated user: the same for REST and gRPC. */
    public static String userKey(Object userId) {
        return "user:" + userId;
    }

    /** The partition key of a client address (see {@code web.ClientAddress}). */
    public static String ipKey(String clientIp) {
        return "ip:" + clientIp;
    }

    /**
     * Takes one request's token from {@code policy}'s bucket for {@code key} (e.g. {@link #userKey}); each policy
     * has its own buckets, so the same key may be used with several policies.
     */
    public Decision check(String key, RateLimitPolicy policy) {
        if (!config.enabled()) {
            return Decision.unlimited(policy);
        }
        return decision(policy, store.tryConsume(bucketKey(key, policy), policy));
    }

    /**
     * Takes one token from each policy's bucket for {@code key}, in order (the narrowest first), stopping at the
     * first refusal so that a refused request does not also spend the broader quotas. One round trip to Redis
     * for all of them. Returns one decision per policy looked at: the last is the refusal, if any.
     */
    public List<Decision> checkAll(String key, List<RateLimitPolicy> policies) {
        if (!config.enabled()) {
            return policies.stream().map(Decision::unlimited).toList();
        }
        List<BucketStore.Take> takes = new ArrayList<>(policies.size());
        for (RateLimitPolicy p : policies) {
            takes.add(new BucketStore.Take(bucketKey(key, p), p));
        }
        List<ConsumptionProbe> probes = store.tryConsumeAll(takes);
        List<Decision> decisions = new ArrayList<>(probes.size());
        for (int i = 0; i < probes.size(); i++) {
            decisions.add(decision(policies.get(i), probes.get(i)));
        }
        return decisions;
    }

    /**
     * The bucket's key in the store. The partition key is a Redis hash tag ({@code {user:..}}), so all of one
     * request's buckets live in one slot of a Redis Cluster and one script may touch them all.
     */
    private String bucketKey(String key, RateLimitPolicy policy) {
        return config.keyPrefix() + policy.name() + ":{" + key + "}";
    }

    private Decision decision(RateLimitPolicy policy, ConsumptionProbe probe) {
        if (probe.isConsumed()) {
            return new Decision(policy, true, probe.getRemainingTokens(), ceilSeconds(probe.getNanosToWaitForReset()), 0);
        }
        long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
        limited(policy);
        return new Decision(policy, false, 0, retryAfter, retryAfter);
    }

    /** "redis" or "local". */
    public String backend() {
        return store.kind();
    }

    private void limited(RateLimitPolicy policy) {
        if (meters != null) {
            limitedCounters.computeIfAbsent(policy.name(), name -> Counter.builder("ingress.rate.limited")
                    .description("Requests refused by a rate limit")
                    .tag("policy", name)
                    .register(meters)).increment();
        }
    }

    /** Closes the Redis client, if any. */
    @Override
    public void close() {
        store.close();
    }

    static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
