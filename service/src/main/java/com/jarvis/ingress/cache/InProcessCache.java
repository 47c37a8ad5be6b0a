package com.jarvis.ingress.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Bounded LRU cache with per-entry expiry, used when no REDIS_URL is configured (single instance). */
public final class InProcessCache implements KeyValueCache {
    private record Entry(String value, long expiresAtMillis) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries;

    public InProcessCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Optional<String> get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.expiresAtMillis() <= clock.millis()) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    @Override
    public synchronized void put(String key, String value, Duration ttl) {
        entries.put(key, new Entry(value, clock.millis() + ttl.toMillis()));
    }

    @Override
    public synchronized void putIfAbsent(String key, String value, Duration ttl) {
        if (get(key).isEmpty()) {
            put(key, value, ttl);
        }
    }

    @Override
    public synchronized String lease(String key, Duration leaseTtl) {
        if (get(key).isPresent()) {
            return null;
        }
        String lease = LEASE_PREFIX + UUID.randomUUID();
        put(key, lease, leaseTtl);
        return lease;
    }

    @Override
    public synchronized void putIfLeased(String key, String lease, String value, Duration ttl) {
        if (get(key).filter(lease::equals).isPresent()) {
            put(key, value, ttl);
        }
    }

    @Override
    public synchronized void replace(String key, String value, Duration ttl) {
        put(key, value, ttl);
    }

    @Override
    public synchronized void delete(String key) {
        entries.remove(key);
    }

    @Override
    public String kind() {
        return "in-process";
    }

    @Override
    public boolean available() {
        return true;
    }
}
