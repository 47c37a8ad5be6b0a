package com.jarvis.ingress.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Redis-backed cache that never lets a Redis failure reach the caller. After a failure it stops asking Redis for
 * a short back-off (so requests fail over to the database fast instead of waiting on timeouts), and it remembers
 * the keys it could not invalidate: until those deletes have gone through, nothing is read from Redis, so a
 * value written before an outage can never be served stale after it.
 */
public final class RedisCache implements KeyValueCache {
    private static final Logger log = LoggerFactory.getLogger(RedisCache.class);
    private static final long BACKOFF_MILLIS = 2000;
    private static final int MAX_PENDING = 100_000;

    /** Compare-and-set in one step: the value goes in only while the key still holds the fill's lease. */
    private static final RedisScript<Long> PUT_IF_LEASED = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""", Long.class);

    private final StringRedisTemplate redis;
    private final Clock clock;
    private final Set<String> pendingDeletes = ConcurrentHashMap.newKeySet();
    private volatile long downUntilMillis;
    private volatile boolean pendingOverflow;

    private final AutoCloseable connection;

    public RedisCache(StringRedisTemplate redis, AutoCloseable connection, Clock clock) {
        this.redis = redis;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            log.debug("Closing the Redis connection failed", e);
        }
    }

    @Override
    public Optional<String> get(String key) {
        if (!usable()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(redis.opsForValue().get(key));
        } catch (RuntimeException e) {
            markDown(e);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        write(key, () -> redis.opsForValue().set(key, value, ttl));
    }

    @Override
    public void putIfAbsent(String key, String value, Duration ttl) {
        write(key, () -> redis.opsForValue().setIfAbsent(key, value, ttl));
    }

    @Override
    public String lease(String key, Duration leaseTtl) {
        if (!usable()) {
            return null;
        }
        String lease = LEASE_PREFIX + UUID.randomUUID();
        try {
            // A lease that landed without an answer only expires: it is a miss to readers, never a stale value.
            return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, lease, leaseTtl)) ? lease : null;
        } catch (RuntimeException e) {
            markDown(e);
            return null;
        }
    }

    @Override
    public void putIfLeased(String key, String lease, String value, Duration ttl) {
        write(key, () -> redis.execute(PUT_IF_LEASED, List.of(key), lease, value, Long.toString(ttl.toMillis())));
    }

    @Override
    public void replace(String key, String value, Duration ttl) {
        invalidate(key, () -> redis.opsForValue().set(key, value, ttl));
    }

    @Override
    public void delete(String key) {
        invalidate(key, () -> redis.delete(key));
    }

    /** A cache fill: skipped while Redis is not trusted. */
    private void write(String key, Runnable operation) {
        if (usable()) {
            attempt(key, operation);
        }
    }

    /** An invalidation is never lost: while Redis is down it is remembered, and replayed as a delete. */
    private void invalidate(String key, Runnable operation) {
        if (clock.millis() < downUntilMillis) {
            remember(key);
            return;
        }
        attempt(key, operation);
    }

    private void attempt(String key, Runnable operation) {
        try {
            operation.run();
        } catch (RuntimeException e) {
            // A write that may have landed must be undone before Redis is trusted again.
            remember(key);
            markDown(e);
        }
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public boolean available() {
        return clock.millis() >= downUntilMillis;
    }

    /** Redis is used only when it is up and every invalidation missed during an outage has been replayed. */
    private boolean usable() {
        if (clock.millis() < downUntilMillis) {
            return false;
        }
        if (pendingDeletes.isEmpty() && !pendingOverflow) {
            return true;
        }
        try {
            if (pendingOverflow) {
                // Too many missed invalidations to track: drop every cached entry of ours instead.
                Set<String> keys = redis.keys(CacheKeys.PREFIX + "*");
                if (keys != null && !keys.isEmpty()) {
                    redis.delete(keys);
                }
                pendingOverflow = false;
                pendingDeletes.clear();
                return true;
            }
            for (String key : pendingDeletes) {
                redis.delete(key);
                pendingDeletes.remove(key);
            }
            log.info("Redis reachable again; replayed missed cache invalidations");
            return true;
        } catch (RuntimeException e) {
            markDown(e);
            return false;
        }
    }

    private void remember(String key) {
        if (pendingDeletes.size() >= MAX_PENDING) {
            pendingOverflow = true;
        } else {
            pendingDeletes.add(key);
        }
    }

    private void markDown(RuntimeException e) {
        boolean wasUp = clock.millis() >= downUntilMillis;
        downUntilMillis = clock.millis() + BACKOFF_MILLIS;
        if (wasUp) {
            log.warn("Redis unavailable, falling back to the database: {}", e.getMessage());
        }
    }
}
