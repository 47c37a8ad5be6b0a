package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
    private static final RateLimitPolicy USER = RateLimitPolicy.perMinute("user", 120);
    private static final RateLimitPolicy CREATE = RateLimitPolicy.perMinute("session-create", 30);

    @Test
    void onePolicy() {
        List<Decision> d = List.of(new Decision(USER, true, 119, 1, 0));
        assertThat(RateLimitHeaders.policy(d)).isEqualTo("\"user\";q=120;w=60");
        assertThat(RateLimitHeaders.state(d)).isEqualTo("\"user\";r=119;t=1");
        assertThat(RateLimitHeaders.retryAfter(d)).isZero();
    }

    @Test
    void severalPoliciesAreOneStructuredList() {
        List<Decision> d = List.of(new Decision(CREATE, false, 0, 2, 2), new Decision(USER, true, 7, 57, 0));
        assertThat(RateLimitHeaders.policy(d)).isEqualTo("\"session-create\";q=30;w=60, \"user\";q=120;w=60");
        assertThat(RateLimitHeaders.state(d)).isEqualTo("\"session-create\";r=0;t=2, \"user\";r=7;t=57");
        assertThat(RateLimitHeaders.retryAfter(d)).isEqualTo(2);
    }

    @Test
    void windowIsInSeconds() {
        RateLimitPolicy hourly = new RateLimitPolicy("daily-ish", 1000, Duration.ofHours(1));
        assertThat(RateLimitHeaders.policy(List.of(Decision.unlimited(hourly)))).isEqualTo("\"daily-ish\";q=1000;w=3600");
    }

    @Test
    void secondsRoundUpSoClientsNeverRetryTooEarly() {
        assertThat(RateLimitService.ceilSeconds(0)).isZero();
        assertThat(RateLimitService.ceilSeconds(1)).isEqualTo(1);
        assertThat(RateLimitService.ceilSeconds(1_000_000_000)).isEqualTo(1);
        assertThat(RateLimitService.ceilSeconds(1_000_000_001)).isEqualTo(2);
    }
}
