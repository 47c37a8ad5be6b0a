package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Lua token buckets against this machine's Redis: the same decisions as Bucket4j's, for several at once, with
 * token leases on (the default) unless a test says otherwise.
 */
class RedisBucketStoreIT {
    private final List<RedisBucketStore> stores = new ArrayList<>();
    private final RedisBucketStore store = store(true);
    private final String prefix = "rl-store-test-" + UUID.randomUUID() + ":";
    private final AtomicLong manualNanos = new AtomicLong();

    private RedisBucketStore store(boolean leases) {
        return store(leases ? new TokenLeases(1000, System::nanoTime) : null);
    }

    private RedisBucketStore store(TokenLeases leases) {
        RedisBucketStore s = new RedisBucketStore("redis://127.0.0.1:6379",
                new LocalBucketStore(1000, Duration.ofMinutes(2)), Clock.systemUTC(), leases);
        stores.add(s);
        return s;
    }

    @AfterEach
    void close() {
        stores.forEach(RedisBucketStore::close);
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

    /** A big bucket that refills too slowly (a token per 32 s) to move the counts during a test. */
    private static final RateLimitPolicy big = new RateLimitPolicy("big", 1_000_000, Duration.ofDays(365));

    @Test
    void withoutLeasesEveryDecisionIsOneRoundTrip() {
        RedisBucketStore exact = store(false);
        for (int i = 0; i < 50; i++) {
            assertThat(exact.tryConsume(prefix + "big:{user:x}", big).getRemainingTokens()).isEqualTo(999_999 - i);
        }
        assertThat(exact.scriptCalls()).isEqualTo(50);
    }

    @Test
    void aBusyKeyIsServedFromLeasesWithFewRoundTripsAndExactRemainingCounts() {
        String key = prefix + "big:{user:y}";
        for (int i = 0; i < 2000; i++) {
            ConsumptionProbe p = store.tryConsume(key, big);
            assertThat(p.isConsumed()).isTrue();
            // Redis's count plus the lease held here: the bucket's true count.
            assertThat(p.getRemainingTokens()).isEqualTo(999_999 - i);
        }
        // Leases double from 1 while they are spent within their TTL: 1 + 2 + 4 + ... reaches 2000 in ~11 calls.
        assertThat(store.scriptCalls()).isLessThan(40);
    }

    @Test
    void twoInstancesWithLeasesNeverAdmitMoreThanTheQuotaTogether() {
        RedisBucketStore other = store(true);
        RateLimitPolicy fourHundred = RateLimitPolicy.perMinute("four-hundred", 400);
        String key = prefix + "four-hundred:{user:z}";
        long started = System.nanoTime();
        int admitted = 0;
        for (int i = 0; i < 1000; i++) {
            RedisBucketStore s = i % 3 == 0 ? other : store;
            if (s.tryConsume(key, fourHundred).isConsumed()) {
                admitted++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long refilled = (long) Math.ceil(seconds * 400 / 60);
        // Tokens leave Redis before either instance admits with them: never more than the quota (+ refill) ...
        assertThat(admitted).isLessThanOrEqualTo(400 + (int) refilled);
        // ... and none is lost: each instance spends its lease (or gives it back) while requests keep coming.
        assertThat(admitted).isGreaterThanOrEqualTo(400);
    }

    @Test
    void anExpiredLeaseGivesItsUnusedTokensBackWithTheNextCall() {
        RedisBucketStore manual = store(new TokenLeases(1000, manualNanos::get));
        RateLimitPolicy fourHundred = RateLimitPolicy.perMinute("four-hundred", 400);
        String key = prefix + "four-hundred:{user:w}";
        // Grants of 1, 2, 4 and 8 tokens: 15 taken from Redis, 8 used, 7 leased here.
        for (int i = 0; i < 8; i++) {
            assertThat(manual.tryConsume(key, fourHundred).getRemainingTokens()).isEqualTo(399 - i);
        }
        assertThat(manual.scriptCalls()).isEqualTo(4);
        manualNanos.addAndGet(TokenLeases.TTL.toNanos());
        // The lease expired: its 7 tokens go back before this request's one is taken (not 384 as without).
        assertThat(manual.tryConsume(key, fourHundred).getRemainingTokens()).isBetween(391L, 392L);
        assertThat(manual.scriptCalls()).isEqualTo(5);
    }
}
