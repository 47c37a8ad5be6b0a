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
     * Starts a fill of an absent key: puts a lease (a unique token, returned) in it for at most {@code leaseTtl}.
     * Null when the key holds anything (a value, a write's mark, another fill's lease) or the cache cannot take it:
     * then nothing may be cached now. Readers must treat a lease ({@link #isLease}) as a miss.
     */
    String lease(String key, Duration leaseTtl);

    /**
     * Completes a fill begun with {@link #lease}: writes the value only if the key still holds that lease. Any
     * write, mark or delete after the lease was taken (for a value read from the database: a change stored after
     * that read began) has replaced it, however long the read took, so the old value is never cached over it.
     */
    void putIfLeased(String key, String lease, String value, Duration ttl);

    /** Whether a value read from the cache is a fill's lease, not a value. */
    static boolean isLease(String value) {
        return value.startsWith(LEASE_PREFIX);
    }

    /** Leases start with this; no cached value does (they are JSON or a word). */
    String LEASE_PREFIX = "lease:";

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
