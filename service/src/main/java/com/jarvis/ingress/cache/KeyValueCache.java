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

    /**
     * Writes the value only if the key holds none. For a value read from the database: a write made after that read
     * (a revocation's {@link #replace}) is never overwritten by it.
     */
    void putIfAbsent(String key, String value, Duration ttl);

    /**
     * Writes the value over whatever the key holds, and is not lost: if the cache cannot take it, the key is deleted
     * before the cache is trusted again, as with {@link #delete}. For a revocation that must outlive racing fills.
     */
    void replace(String key, String value, Duration ttl);

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
