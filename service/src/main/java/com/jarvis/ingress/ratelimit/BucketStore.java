package com.jarvis.ingress.ratelimit;

import io.github.bucket4j.ConsumptionProbe;

/** Where token buckets live: in Redis (shared by every instance) or in this process. */
interface BucketStore extends AutoCloseable {
    /** Takes one token from the bucket under {@code key}, shaped by {@code policy}. Never throws for an outage. */
    ConsumptionProbe tryConsume(String key, RateLimitPolicy policy);

    /** "redis" or "local", for logs and metrics. */
    String kind();

    @Override
    default void close() {
    }
}
