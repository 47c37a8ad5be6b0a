package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Lua token buckets against this machine's Redis: the same decisions as Bucket4j's, for several at once. */
class RedisBucketStoreIT {
    private final LocalBucketStore fallback = new LocalBucketStore(1000, Duration.ofMinutes(2));
    private final RedisBucketStore store = new RedisBucketStore("redis://127.0.0.1:6379", fallback, Clock.systemUTC());
    private final String prefix = "rl-store-test-" + UUID.randomUUID() + ":";

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aBucketAllowsItsQuotaAtOnceThenRefusesWithTheTimeToTheNextToken() {
        RateLimitPolicy fivePerMinute = RateLimitPolicy.perMinute("five", 5);
        String key = prefix + "five:{ip:1}";
        for (int i = 0; i < 5; i++) {
            ConsumptionProbe p = store.tryConsume(key, fivePerMinute);
            assertThat(p.isConsumed()).isTrue();
            assertThat(p.getRemainingTokens()).isEqualTo(4 - i);
            // time until full: (spent tokens) x 12 s
            assertThat(p.getNanosToWaitForReset()).isBetween(Duration.ofSeconds(12L * (i + 1) - 1).toNanos(),
                    Duration.ofSeconds(12L * (i + 1)).toNanos());
        }
        ConsumptionProbe refused = store.tryConsume(key, fivePerMinute);
        assertThat(refused.isConsumed()).isFalse();
        assertThat(refused.getNanosToWaitForRefill()).isBetween(Duration.ofSeconds(11).toNanos(),
                Duration.ofSeconds(12).toNanos());
        assertThat(store.tryConsume(prefix + "five:{ip:2}", fivePerMinute).isConsumed()).as("another key").isTrue();
    }

    @Test
    void severalBucketsInOneCallStopAtTheFirstRefusal() {
        RateLimitPolicy narrow = RateLimitPolicy.perMinute("narrow", 2);
        RateLimitPolicy broad = RateLimitPolicy.perMinute("broad", 100);
        List<BucketStore.Take> takes = List.of(new BucketStore.Take(prefix + "narrow:{user:a}", narrow),
                new BucketStore.Take(prefix + "broad:{user:a}", broad));
        for (int i = 0; i < 2; i++) {
            List<ConsumptionProbe> both = store.tryConsumeAll(takes);
            assertThat(both).hasSize(2).allMatch(ConsumptionProbe::isConsumed);
            assertThat(both.get(1).getRemainingTokens()).isEqualTo(99 - i);
        }
        for (int i = 0; i < 3; i++) {
            List<ConsumptionProbe> refused = store.tryConsumeAll(takes);
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).isConsumed()).isFalse();
        }
        // The refusals did not spend the broad bucket: 98 left before this one, 97 after.
        assertThat(store.tryConsume(prefix + "broad:{user:a}", broad).getRemainingTokens()).isEqualTo(97);
    }

    @Test
    void tokensComeBackAtTheSteadyRate() throws InterruptedException {
        RateLimitPolicy fastRefill = new RateLimitPolicy("fast", 2, Duration.ofSeconds(1));
        String key = prefix + "fast:{ip:3}";
        assertThat(store.tryConsume(key, fastRefill).isConsumed()).isTrue();
        assertThat(store.tryConsume(key, fastRefill).isConsumed()).isTrue();
        ConsumptionProbe refused = store.tryConsume(key, fastRefill);
        assertThat(refused.isConsumed()).isFalse();
        assertThat(refused.getNanosToWaitForRefill()).isBetween(1L, Duration.ofMillis(500).toNanos());
        Thread.sleep(Duration.ofNanos(refused.getNanosToWaitForRefill()).toMillis() + 50);
        assertThat(store.tryConsume(key, fastRefill).isConsumed()).as("a token came back").isTrue();
    }
}
