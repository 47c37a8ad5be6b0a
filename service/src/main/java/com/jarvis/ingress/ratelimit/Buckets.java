package com.jarvis.ingress.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

/** The one bucket shape every store builds from a {@link RateLimitPolicy}. */
final class Buckets {
    private Buckets() {
    }

    static BucketConfiguration configuration(RateLimitPolicy policy) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(policy.quota()).refillGreedy(policy.quota(), policy.window())
                        .build())
                .build();
    }
}
