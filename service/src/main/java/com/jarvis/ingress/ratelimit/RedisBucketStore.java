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
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, so every instance draws from the same buckets. All buckets of one request are checked and
 * spent by one Lua script ({@code ratelimit/take-tokens.lua}) in one round trip, timed by the Redis server's clock;
 * Bucket4j's Redis proxy needed a read and a compare-and-swap per bucket, four round trips for a session create.
 * A Redis failure never reaches the caller: the request is counted in the in-process {@link LocalBucketStore}
 * instead, and Redis is left alone for a short back-off so that requests during an outage don't each wait for a
 * timeout (the same policy as the cache's). While Redis is down the limits therefore hold per instance.
 * With {@link TokenLeases} a busy key takes a batch of tokens per call and spends them here until they expire.
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

    private static final TokenLeases.Ask SINGLE = new TokenLeases.Ask(1, 0);

    private final RedisClient client;
    private final LocalBucketStore fallback;
    /** Null when leases are off ({@code RATE_LIMIT_LEASES=false}): every decision is one Redis call. */
    private final TokenLeases leases;
    private final Clock clock;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile String sha;
    private volatile long downUntilMillis;
    private volatile boolean down;
    private final LongAdder scriptCalls = new LongAdder();

    RedisBucketStore(String redisUrl, LocalBucketStore fallback, Clock clock, TokenLeases leases) {
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
        this.leases = leases;
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
        // Leased tokens first (reserved now, given back if a later bucket refuses), Redis for the rest.
        int n = takes.size();
        ConsumptionProbe[] local = new ConsumptionProbe[n];
        List<Take> remote = new ArrayList<>(n);
        List<TokenLeases.Ask> asks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Take t = takes.get(i);
            local[i] = leases == null ? null : leases.takeLocal(t.key());
            if (local[i] == null) {
                remote.add(t);
                asks.add(leases == null ? SINGLE : leases.ask(t.key(), t.policy()));
            }
        }
        List<Object> reply;
        try {
            reply = remote.isEmpty() ? List.of() : run(remote, asks);
            if (down) {
                down = false;
                log.info("Redis reachable again; rate limits are shared across instances again");
            }
        } catch (RuntimeException e) {
            giveBack(takes, local, 0);
            markDown(e);
            return fallback.tryConsumeAll(takes);
        }
        return merge(takes, local, reply);
    }

    /** The probes in request order: leased tokens where there were, Redis's answers for the others. */
    @SuppressWarnings("unchecked")
    private List<ConsumptionProbe> merge(List<Take> takes, ConsumptionProbe[] local, List<Object> reply) {
        List<ConsumptionProbe> out = new ArrayList<>(takes.size());
        int next = 0;
        for (int i = 0; i < takes.size(); i++) {
            if (local[i] != null) {
                out.add(local[i]);
                continue;
            }
            List<Long> r = next < reply.size() ? (List<Long>) reply.get(next++) : null;
            if (r == null || r.get(0) != 1) {
                long nanos = r == null ? 0 : TimeUnit.MICROSECONDS.toNanos(r.get(2));
                out.add(ConsumptionProbe.rejected(0, nanos, nanos));
                giveBack(takes, local, i + 1);
                return out;
            }
            long nanosToFull = TimeUnit.MICROSECONDS.toNanos(r.get(2));
            out.add(leases == null ? ConsumptionProbe.consumed(r.get(1), nanosToFull)
                    : leases.granted(takes.get(i).key(), takes.get(i).policy(), r.get(3), r.get(1),
                    nanosToFull));
        }
        return out;
    }

    private void giveBack(List<Take> takes, ConsumptionProbe[] local, int from) {
        for (int i = from; i < takes.size(); i++) {
            if (local[i] != null) {
                leases.giveBack(takes.get(i).key());
            }
        }
    }

    private List<Object> run(List<Take> takes, List<TokenLeases.Ask> asks) {
        String[] keys = new String[takes.size()];
        String[] args = new String[takes.size() * 4];
        for (int i = 0; i < keys.length; i++) {
            RateLimitPolicy p = takes.get(i).policy();
            keys[i] = takes.get(i).key();
            args[4 * i] = Long.toString(p.quota());
            args[4 * i + 1] = Long.toString(TimeUnit.NANOSECONDS.toMicros(p.window().toNanos()));
            args[4 * i + 2] = Long.toString(asks.get(i).want());
            args[4 * i + 3] = Long.toString(asks.get(i).refund());
        }
        RedisCommands<String, String> redis = commands();
        scriptCalls.increment();
        try {
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException flushed) {
            // SCRIPT FLUSH or a Redis restart: load it again.
            sha = redis.scriptLoad(SCRIPT);
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        }
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

    /** Round trips to the token script so far (tests compare it with the decisions made). */
    long scriptCalls() {
        return scriptCalls.sum();
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
