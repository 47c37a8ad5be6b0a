package com.jarvis.ingress.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Two "instances" sharing this machine's Redis, each with its own near cache, as two service instances would. */
class TrackedNearCacheIT {
    private static final RedisURI URI = RedisURI.create("redis://127.0.0.1:6379");
    private final String prefix = "ingress:near-test-" + UUID.randomUUID() + ":";
    private final List<AutoCloseable> open = new ArrayList<>();
    private final RedisClient rawClient = RedisClient.create(URI);
    private final StatefulRedisConnection<String, String> raw = rawClient.connect();

    private TrackedNearCache instance() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        factory.afterPropertiesSet();
        factory.start();
        StringRedisTemplate template = new StringRedisTemplate(factory);
        template.afterPropertiesSet();
        TrackedNearCache cache = TrackedNearCache.tracking(new RedisCache(template, factory::destroy, Clock.systemUTC()),
                URI, CacheBeans.clientOptions(), null, prefix, 1000, Duration.ofSeconds(30));
        open.add(cache);
        return cache;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        raw.sync().keys(prefix + "*").forEach(k -> raw.sync().del(k));
        raw.close();
        rawClient.shutdown();
    }

    @Test
    void aValueIsServedFromMemoryUntilAnyInstanceChangesOrDeletesIt() throws Exception {
        TrackedNearCache a = instance();
        TrackedNearCache b = instance();
        String key = prefix + "family";
        a.put(key, "live", Duration.ofSeconds(30));
        // The write's own invalidation may still be on its way: soon a read is served from memory.
        awaitServedFromMemory(b, key, "live");

        // Another client changes it in Redis directly: b follows as soon as Redis' invalidation arrives.
        raw.sync().set(key, "revoked");
        awaitTrue(() -> b.get(key).equals(Optional.of("revoked")));

        // One instance deletes it (a revocation): the other forgets it too; the deleting one at once.
        assertThat(b.get(key)).contains("revoked");
        a.delete(key);
        assertThat(a.get(key)).isEmpty();
        awaitTrue(() -> b.get(key).isEmpty());

        // Keys outside the prefix are never held in memory.
        String other = "ingress:near-other-" + UUID.randomUUID();
        a.put(other, "x", Duration.ofSeconds(5));
        long before = a.localHits();
        assertThat(a.get(other)).contains("x");
        assertThat(a.get(other)).contains("x");
        assertThat(a.localHits()).isEqualTo(before);
        a.delete(other);
    }

    @Test
    void aFillNeverOverwritesAndARevocationAlwaysDoesOnEveryInstance() throws Exception {
        String key = prefix + "revocation";
        TrackedNearCache a = instance();
        a.putIfAbsent(key, "active", Duration.ofSeconds(30));
        assertThat(raw.sync().get(key)).isEqualTo("active");
        awaitServedFromMemory(a, key, "active");

        // Another instance revokes; a fill on a that read the database before that must not bring "active" back.
        TrackedNearCache b = instance();
        b.replace(key, "revoked", Duration.ofSeconds(30));
        assertThat(b.get(key)).contains("revoked");
        a.putIfAbsent(key, "active", Duration.ofSeconds(30));
        assertThat(raw.sync().get(key)).isEqualTo("revoked");
        awaitTrue(() -> a.get(key).equals(Optional.of("revoked")));
        assertThat(raw.sync().ttl(key)).isBetween(1L, 30L);

        // once the entry is gone a fill writes again
        raw.sync().del(key);
        b.putIfAbsent(key, "active", Duration.ofSeconds(30));
        awaitTrue(() -> a.get(key).equals(Optional.of("active")));
    }

    @Test
    void aFillGoesInOnlyWhileItsLeaseIsThere() throws Exception {
        TrackedNearCache a = instance();
        TrackedNearCache b = instance();
        String key = "ingress:lease-test-" + UUID.randomUUID(); // a session's key: not held in memory
        try {
            String lease = a.lease(key, Duration.ofSeconds(5));
            assertThat(lease).startsWith(KeyValueCache.LEASE_PREFIX);
            assertThat(KeyValueCache.isLease(a.get(key).orElseThrow())).isTrue();
            assertThat(b.lease(key, Duration.ofSeconds(5))).as("one fill at a time").isNull();
            a.putIfLeased(key, lease, "loaded", Duration.ofSeconds(30));
            assertThat(raw.sync().get(key)).isEqualTo("loaded");
            assertThat(raw.sync().pttl(key)).isBetween(25_000L, 30_000L);
            assertThat(a.lease(key, Duration.ofSeconds(5))).as("a value is there").isNull();

            // A write on another instance after the lease was taken: the fill must not overwrite it.
            raw.sync().del(key);
            String second = a.lease(key, Duration.ofSeconds(5));
            b.replace(key, "changed", Duration.ofSeconds(1));
            a.putIfLeased(key, second, "stale", Duration.ofSeconds(30));
            assertThat(raw.sync().get(key)).isEqualTo("changed");

            // The write's mark expired before the fill completed (a stalled filler): still nothing stale.
            raw.sync().del(key);
            String third = a.lease(key, Duration.ofSeconds(5));
            b.replace(key, "changed", Duration.ofMillis(50));
            awaitTrue(() -> raw.sync().get(key) == null);
            a.putIfLeased(key, third, "stale", Duration.ofSeconds(30));
            assertThat(raw.sync().get(key)).isNull();

            // A lease that outlives its filler expires: the key is free again.
            String lost = a.lease(key, Duration.ofMillis(50));
            assertThat(lost).isNotNull();
            awaitTrue(() -> raw.sync().get(key) == null);
            assertThat(b.lease(key, Duration.ofSeconds(5))).isNotNull();
        } finally {
            raw.sync().del(key);
        }
    }

    @Test
    void whileTheTrackingConnectionIsDownNothingIsServedFromMemoryAndAfterItNothingStale() throws Exception {
        TrackedNearCache b = instance();
        String key = prefix + "family";
        raw.sync().set(key, "live");
        awaitServedFromMemory(b, key, "live");

        // Drop b's tracking connection, and change the key while b cannot hear of it.
        raw.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(b.trackingClientId()));
        raw.sync().set(key, "revoked");
        awaitTrue(() -> b.get(key).equals(Optional.of("revoked")));
        // Lettuce reconnects and tracking comes back on: memory is used again, and what it serves is current.
        awaitServedFromMemory(b, key, "revoked");
        raw.sync().del(key);
        awaitTrue(() -> b.get(key).isEmpty());
    }

    @Test
    void aValueWhoseInvalidationArrivesWhileItIsReadIsNotKept() {
        AtomicInteger reads = new AtomicInteger();
        TrackedNearCache[] near = new TrackedNearCache[1];
        KeyValueCache slowRedis = new KeyValueCache() {
            @Override
            public Optional<String> get(String key) {
                reads.incrementAndGet();
                near[0].invalidated(List.of(key)); // changed in Redis right after this read
                return Optional.of("old");
            }

            @Override
            public void put(String key, String value, Duration ttl) {
            }

            @Override
            public void putIfAbsent(String key, String value, Duration ttl) {
            }

            @Override
            public String lease(String key, Duration leaseTtl) {
                return null;
            }

            @Override
            public void putIfLeased(String key, String lease, String value, Duration ttl) {
            }

            @Override
            public void replace(String key, String value, Duration ttl) {
            }

            @Override
            public void delete(String key) {
            }

            @Override
            public String kind() {
                return "redis";
            }

            @Override
            public boolean available() {
                return true;
            }
        };
        near[0] = new TrackedNearCache(slowRedis, prefix, 100, Duration.ofSeconds(30));
        near[0].trust();
        String key = prefix + "family";
        assertThat(near[0].get(key)).contains("old");
        assertThat(near[0].get(key)).contains("old");
        assertThat(reads.get()).as("read from Redis again: the first value was not kept").isEqualTo(2);
        assertThat(near[0].localHits()).isZero();
        // Untrusted (tracking off): always read through.
        near[0].untrust();
        near[0].get(key);
        assertThat(reads.get()).isEqualTo(3);
    }

    private static void awaitServedFromMemory(TrackedNearCache cache, String key, String value)
            throws InterruptedException {
        awaitTrue(() -> {
            long hits = cache.localHits();
            return cache.get(key).equals(Optional.of(value)) && cache.localHits() == hits + 1;
        });
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
