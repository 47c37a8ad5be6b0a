package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limiter's decisions on in-process buckets, with time moved by hand: no Spring, no Redis, no sleeping. */
class RateLimitDecisionsTest {
    /** 6 per minute: one token every 10 s. */
    private static final RateLimitPolicy SIX_PER_MIN = RateLimitPolicy.perMinute("test", 6);

    private final ManualTime time = new ManualTime();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimitService limits = service(true);

    private RateLimitService service(boolean enabled) {
        RateLimitConfig config = new RateLimitConfig(enabled, SIX_PER_MIN, SIX_PER_MIN, SIX_PER_MIN, SIX_PER_MIN,
                SIX_PER_MIN, "t:", false);
        return new RateLimitService(config, new LocalBucketStore(1000, Duration.ofMinutes(2), time), meters);
    }

    @Test
    void aFullBucketAllowsTheWholeQuotaAtOnceThenRefuses() {
        for (int i = 0; i < 6; i++) {
            Decision d = limits.check("user:a", SIX_PER_MIN);
            assertThat(d.allowed()).as("request %d", i + 1).isTrue();
            assertThat(d.remaining()).isEqualTo(5 - i);
            assertThat(d.retryAfterSeconds()).isZero();
        }
        Decision refused = limits.check("user:a", SIX_PER_MIN);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(meters.counter("ingress.rate.limited", "policy", "test").count()).isEqualTo(1.0);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextToken() {
        drain("user:a");
        assertThat(limits.check("user:a", SIX_PER_MIN).retryAfterSeconds()).isEqualTo(10);
        time.advance(3_500);
        Decision later = limits.check("user:a", SIX_PER_MIN);
        assertThat(later.allowed()).isFalse();
        assertThat(later.retryAfterSeconds()).as("6.5 s rounded up").isEqualTo(7);
        assertThat(later.resetSeconds()).isEqualTo(later.retryAfterSeconds());
    }

    @Test
    void tokensRefillSmoothlyAtTheSteadyRate() {
        drain("user:a");
        time.advance(9_999);
        assertThat(limits.check("user:a", SIX_PER_MIN).allowed()).as("just before one token is back").isFalse();
        time.advance(1);
        assertThat(limits.check("user:a", SIX_PER_MIN).allowed()).isTrue();
        assertThat(limits.check("user:a", SIX_PER_MIN).allowed()).as("only one token came back").isFalse();
        time.advance(60_000);
        Decision full = limits.check("user:a", SIX_PER_MIN);
        assertThat(full.allowed()).isTrue();
        assertThat(full.remaining()).as("refill stops at the quota").isEqualTo(5);
        assertThat(full.resetSeconds()).as("one token to refill, 10 s").isEqualTo(10);
    }

    @Test
    void keysAndPoliciesHaveTheirOwnBuckets() {
        drain("user:a");
        assertThat(limits.check("user:b", SIX_PER_MIN).allowed()).isTrue();
        assertThat(limits.check("ip:10.0.0.1", SIX_PER_MIN).allowed()).isTrue();
        RateLimitPolicy other = RateLimitPolicy.perMinute("other", 1);
        assertThat(limits.check("user:a", other).allowed()).as("same key, another policy").isTrue();
        assertThat(limits.check("user:a", other).allowed()).isFalse();
        assertThat(limits.check("user:a", SIX_PER_MIN).allowed()).isFalse();
    }

    @Test
    void disabledLimitsAllowEverything() {
        RateLimitService off = service(false);
        for (int i = 0; i < 20; i++) {
            Decision d = off.check("user:a", SIX_PER_MIN);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(6);
        }
    }

    private void drain(String key) {
        for (int i = 0; i < 6; i++) {
            assertThat(limits.check(key, SIX_PER_MIN).allowed()).isTrue();
        }
        assertThat(limits.check(key, SIX_PER_MIN).allowed()).isFalse();
    }

    /** Milliseconds that move only when the test says so. */
    private static final class ManualTime implements TimeMeter {
        private long nanos = TimeUnit.DAYS.toNanos(1);

        void advance(long millis) {
            nanos += TimeUnit.MILLISECONDS.toNanos(millis);
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
