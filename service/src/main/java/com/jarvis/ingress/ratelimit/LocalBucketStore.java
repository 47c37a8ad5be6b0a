package com.jarvis.ingress.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * Buckets in this process's memory: the store without REDIS_URL, and the fallback while Redis is down. Bounded,
 * so a flood of distinct keys (spoofed IPs) cannot exhaust memory; an idle bucket is dropped once it would be
 * full again anyway, which loses nothing.
 */
final class LocalBucketStore implements BucketStore {
    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    LocalBucketStore(long maxBuckets, Duration idleExpiry) {
        this(maxBuckets, idleExpiry, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** With the time source refills are measured by (tests drive it by hand). */
    LocalBucketStore(long maxBuckets, Duration idleExpiry, TimeMeter time) {
        this.buckets = Caffeine.newBuilder().maximumSize(maxBuckets).expireAfterAccess(idleExpiry).build();
        this.time = time;
    }

    @Override
    public ConsumptionProbe tryConsume(String key, RateLimitPolicy policy) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder().withCustomTimePrecision(time)
                .addLimit(Buckets.configuration(policy).getBandwidths()[0]).build());
        return bucket.tryConsumeAndReturnRemaining(1);
    }

    @Override
    public String kind() {
        return "local";
    }
}
