package com.jarvis.ingress.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis cache with the keys under one prefix also held in this instance's memory, kept true by Redis itself
 * (client-side caching): a connection of its own has {@code CLIENT TRACKING ON BCAST PREFIX <prefix>} (RESP3), so
 * any write, delete or expiry of such a key, by any instance, evicts it here as soon as Redis' push arrives (a
 * loopback round trip). Used for the token-family state read on every authenticated request: a Redis GET there
 * tripled the CPU of a simple authenticated call (docs/benchmarks.md).
 *
 * <p>Nothing is served from memory unless tracking is known to be on: when the tracking connection drops, the
 * memory is cleared and reads go to Redis until tracking is on again after the reconnect (and the memory cleared
 * once more). A value read from Redis is kept only if no invalidation of its key arrived while it was being read
 * (a placeholder taken before the read, replaced only if still there).
 */
public final class TrackedNearCache implements KeyValueCache {
    private static final Logger log = LoggerFactory.getLogger(TrackedNearCache.class);

    private final KeyValueCache redis;
    private final String prefix;
    private final ConcurrentMap<String, Object> local;
    private volatile boolean trusted;
    private final AtomicLong localHits = new AtomicLong();
    private volatile RedisClient client;
    // Read by Lettuce's I/O thread (reconnects) and cleared at shutdown.
    private volatile StatefulRedisConnection<String, String> tracking;

    /** Placeholder for a read in progress: its identity tells one read from another. */
    private static final class Loading {
    }

    TrackedNearCache(KeyValueCache redis, String prefix, int maxEntries, Duration maxAge) {
        this.redis = redis;
        this.prefix = prefix;
        this.local = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge)
                .<String, Object>build().asMap();
    }

    /**
     * Connects the tracking connection to {@code uri} (its own client on {@code resources}, with {@code options}
     * and RESP3, whose pushes carry the invalidations) and turns tracking on. If Redis cannot be reached now, the
     * memory is not used at all (reads go to {@code redis}).
     */
    public static TrackedNearCache tracking(KeyValueCache redis, RedisURI uri, ClientOptions options,
                                            ClientResources resources, String prefix, int maxEntries,
                                            Duration maxAge) {
        TrackedNearCache cache = new TrackedNearCache(redis, prefix, maxEntries, maxAge);
        cache.connect(uri, options, resources);
        return cache;
    }

    private void connect(RedisURI uri, ClientOptions options, ClientResources resources) {
        try {
            client = resources != null ? RedisClient.create(resources, uri) : RedisClient.create(uri);
            client.setOptions(options.mutate().protocolVersion(ProtocolVersion.RESP3).autoReconnect(true).build());
            tracking = client.connect(StringCodec.UTF8);
            tracking.addListener(this::onPush);
            tracking.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    // A reconnect: tracking is per connection, so ask again; memory is trusted once it is on.
                    enableTracking();
                }

                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    untrust();
                }
            });
            tracking.sync().clientTracking(args());
            trust();
            log.info("Serving Redis keys {}* from memory, invalidated by Redis client tracking", prefix);
        } catch (RuntimeException e) {
            log.warn("Redis client tracking unavailable ({}): every read of {}* goes to Redis", e.getMessage(),
                    prefix);
            untrust();
            closeTracking();
        }
    }

    private TrackingArgs args() {
        return TrackingArgs.Builder.enabled().bcast().prefixes(prefix);
    }

    /** On Lettuce's I/O thread: must not wait for the reply there. */
    private void enableTracking() {
        StatefulRedisConnection<String, String> t = tracking;
        if (t == null) {
            return; // closed meanwhile
        }
        t.async().clientTracking(args()).whenComplete((ok, error) -> {
            if (error == null) {
                trust();
            } else {
                log.warn("Could not turn Redis client tracking on again: {}", error.getMessage());
            }
        });
    }

    private void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (keys instanceof List<?> list) {
            invalidated(list);
        } else {
            local.clear(); // a FLUSHALL, or an overflow of Redis' tracking table: forget everything
        }
    }

    /** Tracking is on: memory may be used, starting empty (whatever was there may have missed invalidations). */
    void trust() {
        local.clear();
        trusted = true;
    }

    /** Tracking may have missed invalidations: stop using memory and forget it. */
    void untrust() {
        trusted = false;
        local.clear();
    }

    /** Redis said these keys changed. */
    void invalidated(List<?> keys) {
        for (Object key : keys) {
            local.remove(String.valueOf(key));
        }
    }

    /** The tracking connection's Redis client id (tests drop it with CLIENT KILL). */
    long trackingClientId() {
        return tracking.sync().clientId();
    }

    /** Reads served from memory so far (tests). */
    long localHits() {
        return localHits.get();
    }

    @Override
    public Optional<String> get(String key) {
        if (!key.startsWith(prefix)) {
            return redis.get(key);
        }
        Object held = trusted ? local.get(key) : null;
        if (held instanceof String value) {
            localHits.incrementAndGet();
            return Optional.of(value);
        }
        Loading mark = new Loading();
        boolean marked = held == null && trusted && local.putIfAbsent(key, mark) == null;
        Optional<String> value = redis.get(key);
        if (marked) {
            // Replaced only if no invalidation (nor untrust) removed the mark while Redis was read.
            if (value.isPresent() && trusted) {
                local.replace(key, mark, value.get());
            } else {
                local.remove(key, mark);
            }
        }
        return value;
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        local.remove(key);
        redis.put(key, value, ttl);
    }

    @Override
    public void putIfAbsent(String key, String value, Duration ttl) {
        local.remove(key);
        redis.putIfAbsent(key, value, ttl);
    }

    @Override
    public String lease(String key, Duration leaseTtl) {
        local.remove(key);
        return redis.lease(key, leaseTtl);
    }

    @Override
    public void putIfLeased(String key, String lease, String value, Duration ttl) {
        local.remove(key);
        redis.putIfLeased(key, lease, value, ttl);
    }

    @Override
    public void replace(String key, String value, Duration ttl) {
        local.remove(key); // as delete: this instance stops serving the old value at once
        redis.replace(key, value, ttl);
        local.remove(key);
    }

    @Override
    public void delete(String key) {
        local.remove(key); // this instance stops serving it at once, before Redis' own invalidation arrives
        redis.delete(key);
        local.remove(key);
    }

    @Override
    public String kind() {
        return redis.kind();
    }

    @Override
    public boolean available() {
        return redis.available();
    }

    @Override
    public void close() {
        closeTracking();
        redis.close();
    }

    private void closeTracking() {
        StatefulRedisConnection<String, String> t = tracking;
        tracking = null;
        if (t != null) {
            try {
                t.close();
            } catch (RuntimeException e) {
                log.debug("Closing the tracking connection failed", e);
            }
        }
        RedisClient c = client;
        client = null;
        if (c != null) {
            c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
