package com.jarvis.ingress.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A best-effort string cache in front of the database. Every method swallows its own failures: a cache that is
 * down behaves like an empty one, so callers always fall back to PostgreSQL.
 */
public interface KeyValueCache extends AutoCloseable {
    Optional<String> get(String key);

    void put(String key, String value, Duration ttl);

    /** Removes the key; if the cache is unreachable the removal is retried before the cache is trusted again. */
    void delete(String key);

    /** "redis" or "in-process". */
    String kind();

    /** False while the backing store is known to be unreachable. */
    boolean available();

    @Override
    default void close() {
    }
}
