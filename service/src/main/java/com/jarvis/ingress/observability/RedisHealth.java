package com.jarvis.ingress.observability;

import com.jarvis.ingress.cache.CacheKeys;
import com.jarvis.ingress.cache.KeyValueCache;
import org.springframework.stereotype.Component;

/** Redis: optional (the service falls back to the database); "disabled" when REDIS_URL is unset. */
@Component
public class RedisHealth implements ComponentHealth {
    private static final String PROBE_KEY = CacheKeys.PREFIX + "health-probe";
    private final KeyValueCache cache;

    public RedisHealth(KeyValueCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public Status check() {
        if (!"redis".equals(cache.kind())) {
            return Status.disabled;
        }
        // A real round trip: the cache marks itself unavailable when it fails (and skips Redis while backing off).
        cache.get(PROBE_KEY);
        return cache.available() ? Status.up : Status.down;
    }
}
