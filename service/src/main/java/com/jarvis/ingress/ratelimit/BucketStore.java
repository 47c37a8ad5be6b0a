package com.jarvis.ingress.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.util.ArrayList;
import java.util.List;

/** Where token buckets live: in Redis (shared by every instance) or in this process. */
interface BucketStore extends AutoCloseable {
    /** One bucket of a request: its full key and its shape. */
    record Take(String key, RateLimitPolicy policy) {
    }

    /** Takes one token from the bucket under {@code key}, shaped by {@code policy}. Never throws for an outage. */
    ConsumptionProbe tryConsume(String key, RateLimitPolicy policy);

    /**
     * Takes one token from each bucket in order, stopping at the first that refuses (later buckets are not
     * spent): one probe per bucket looked at. Stores that can, do it in one round trip.
     */
    default List<ConsumptionProbe> tryConsumeAll(List<Take> takes) {
        List<ConsumptionProbe> probes = new ArrayList<>(takes.size());
        for (Take t : takes) {
            ConsumptionProbe p = tryConsume(t.key(), t.policy());
            probes.add(p);
            if (!p.isConsumed()) {
                break;
            }
        }
        return probes;
    }

    /** "redis" or "local", for logs and metrics. */
    String kind();

    @Override
    default void close() {
    }
}
