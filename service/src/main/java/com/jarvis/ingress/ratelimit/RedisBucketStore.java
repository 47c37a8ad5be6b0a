package com.jarvis.ingress.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, so every instance draws from the same buckets. All buckets of one request are checked and
 * spent by one Lua script ({@code ratelimit/take-tokens.lua}) in one round trip, timed by the Redis server's clock;
 * Bucket4j's Redis proxy needed a read and a compare-and-swap per bucket, four round trips for a session create.
 * A Redis failure never reaches the caller: the request is counted in the in-process {@link LocalBucketStore}
 * instead, and Redis is left alone for a short back-off so that requests during an outage don't each wait for a
 * timeout (the same policy as the cache's). While Redis is down the limits therefore hold per instance.
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
    static final String SCRIPT = loadScript();

    private final RedisClient client;
    private final LocalBucketStore fallback;
    private final Clock clock;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile String sha;
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
        return tryConsumeAll(List.of(new Take(key, policy))).get(0);
    }

    @Override
    public List<ConsumptionProbe> tryConsumeAll(List<Take> takes) {
        if (clock.millis() < downUntilMillis) {
            return fallback.tryConsumeAll(takes);
        }
        try {
            List<ConsumptionProbe> probes = probes(run(takes));
            if (down) {
                down = false;
                log.info("Redis reachable again; rate limits are shared across instances again");
            }
            return probes;
        } catch (RuntimeException e) {
            markDown(e);
            return fallback.tryConsumeAll(takes);
        }
    }

    private List<Object> run(List<Take> takes) {
        String[] keys = new String[takes.size()];
        String[] args = new String[takes.size() * 2];
        for (int i = 0; i < keys.length; i++) {
            RateLimitPolicy p = takes.get(i).policy();
            keys[i] = takes.get(i).key();
            args[2 * i] = Long.toString(p.quota());
            args[2 * i + 1] = Long.toString(TimeUnit.NANOSECONDS.toMicros(p.window().toNanos()));
        }
        RedisCommands<String, String> redis = commands();
        try {
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException flushed) {
            // SCRIPT FLUSH or a Redis restart: load it again.
            sha = redis.scriptLoad(SCRIPT);
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ConsumptionProbe> probes(List<Object> reply) {
        List<ConsumptionProbe> out = new ArrayList<>(reply.size());
        for (Object item : reply) {
            List<Long> r = (List<Long>) item;
            long nanos = TimeUnit.MICROSECONDS.toNanos(r.get(2));
            out.add(r.get(0) == 1 ? ConsumptionProbe.consumed(r.get(1), nanos)
                    : ConsumptionProbe.rejected(0, nanos, nanos));
        }
        return out;
    }

    /** Connects on first use (not at start-up), so the service starts while Redis is down. */
    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            return c.sync();
        }
        synchronized (this) {
            if (connection == null) {
                StatefulRedisConnection<String, String> fresh = client.connect(StringCodec.UTF8);
                sha = fresh.sync().scriptLoad(SCRIPT);
                connection = fresh;
            }
            return connection.sync();
        }
    }

    private void markDown(RuntimeException e) {
        downUntilMillis = clock.millis() + BACKOFF_MILLIS;
        if (!down) {
            down = true;
            log.warn("Redis unavailable for rate limits, limiting in-process: {}", e.getMessage());
        }
    }

    private static String loadScript() {
        try (InputStream in = RedisBucketStore.class.getResourceAsStream("/ratelimit/take-tokens.lua")) {
            if (in == null) {
                throw new IllegalStateException("ratelimit/take-tokens.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
