package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.config.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {

    @Test
    void defaults() {
        RateLimitConfig c = RateLimitConfig.load(Map.<String, String>of()::get);
        assertThat(c.enabled()).isTrue();
        assertThat(c.register().quota()).isEqualTo(10);
        assertThat(c.refresh().quota()).isEqualTo(30);
        assertThat(c.user().quota()).isEqualTo(120);
        assertThat(c.sessionCreate().quota()).isEqualTo(30);
        assertThat(c.webrtc().quota()).isEqualTo(60);
        assertThat(c.user().window().toSeconds()).isEqualTo(60);
        assertThat(c.keyPrefix()).isEqualTo("ratelimit:");
        assertThat(c.leases()).isTrue();
    }

    @Test
    void overridesAndDisabling() {
        RateLimitConfig c = RateLimitConfig.load(Map.of("RATE_LIMIT_ENABLED", "false", "RATE_LIMIT_USER_PER_MIN", "600",
                "RATE_LIMIT_KEY_PREFIX", "staging:rl:", "RATE_LIMIT_LEASES", "false")::get);
        assertThat(c.enabled()).isFalse();
        assertThat(c.leases()).isFalse();
        assertThat(c.user().quota()).isEqualTo(600);
        assertThat(c.keyPrefix()).isEqualTo("staging:rl:");
    }

    @Test
    void everyProblemIsListed() {
        assertThatThrownBy(() -> RateLimitConfig.load(Map.of("RATE_LIMIT_ENABLED", "sometimes",
                "RATE_LIMIT_REGISTER_PER_MIN", "0", "RATE_LIMIT_WEBRTC_PER_MIN", "lots",
                "RATE_LIMIT_KEY_PREFIX", "bad prefix")::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(4)
                        .anyMatch(p -> p.startsWith("RATE_LIMIT_ENABLED"))
                        .anyMatch(p -> p.startsWith("RATE_LIMIT_REGISTER_PER_MIN"))
                        .anyMatch(p -> p.startsWith("RATE_LIMIT_WEBRTC_PER_MIN"))
                        .anyMatch(p -> p.startsWith("RATE_LIMIT_KEY_PREFIX")));
    }
}
