package com.jarvis.ingress.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, so every instance draws from the same buckets. A Redis failure never reaches the caller: the
 * request is counted in the in-process {@link LocalBucketStore} instead, and Redis is left alone for a short
 * back-off so that requests during an outage don't each wait for a timeout (the same policy as the cache's).
 * While Redis is down the limits therefore hold per instance rather than globally.
 */
final class RedisBucketStore implements BucketStore {
    private static final Logger log = LoggerFactory.getLogger(RedisBucketStore.class);
    /**
     * Short, as the cache's: the limiter sits on every request's path, so a sick Redis must cost little. Not
     * shorter: on an overloaded host a healthy Redis can take a few hundred ms, and each timeout means a spell
     * of per-instance limits.
     */
    static final Duration TIMEOUT = Duration.ofMillis(500);
    static final long BACKOFF_MILLIS = 2000;

    private final RedisClient client;
    private final LocalBucketStore fallback;
    private final Clock clock;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile ProxyManager<byte[]> proxy;
    private volatile long downUntilMillis;
    private volatile boolean down;

    RedisBucketStore(String redisUrl, LocalBucketStore fallback, Clock clock) {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(TIMEOUT);
        this.client = RedisClient.create(uri);
        this.client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        this.fallback = fallback;
        this.clock = clock;
        log.info("Rate-limit buckets in Redis at {}:{}", uri.getHost(), uri.getPort());
    }

    @Override
    public ConsumptionProbe tryConsume(String key, RateLimitPolicy policy) {
        if (clock.millis() < downUntilMillis) {
            return fallback.tryConsume(key, policy);
        }
        try {
            ConsumptionProbe probe = proxy().builder()
                    .build(key.getBytes(StandardCharsets.UTF_8), () -> Buckets.configuration(policy))
                    .tryConsumeAndReturnRemaining(1);
            if (down) {
                down = false;
                log.info("Redis reachable again; rate limits are shared across instances again");
            }
            return probe;
        } catch (RuntimeException e) {
            markDown(e);
            return fallback.tryConsume(key, policy);
        }
    }

    /** Connects on first use (not at start-up), so the service starts while Redis is down. */
    private ProxyManager<byte[]> proxy() {
        ProxyManager<byte[]> p = proxy;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (proxy == null) {
                connection = client.connect(ByteArrayCodec.INSTANCE);
                proxy = Bucket4jLettuce.casBasedBuilder(connection)
                        // A bucket's key lives only until the bucket would be full again (plus a margin).
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .requestTimeout(TIMEOUT)
                        .build();
            }
            return proxy;
        }
    }

    private void markDown(RuntimeException e) {
        downUntilMillis = clock.millis() + BACKOFF_MILLIS;
        if (!down) {
            down = true;
            log.warn("Redis unavailable for rate limits, limiting in-process: {}", e.getMessage());
        }
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public void close() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
