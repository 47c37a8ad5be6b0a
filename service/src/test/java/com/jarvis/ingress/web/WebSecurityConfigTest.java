package com.jarvis.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.config.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSecurityConfigTest {

    @Test
    void noCorsAndNoProxyTrustByDefault() {
        WebSecurityConfig c = WebSecurityConfig.load(Map.<String, String>of()::get);
        assertThat(c.corsEnabled()).isFalse();
        assertThat(c.allows("https://a.example")).isFalse();
        assertThat(c.trustProxy()).isFalse();
    }

    @Test
    void originsAreNormalisedAndMatchedExactly() {
        WebSecurityConfig c = WebSecurityConfig.load(Map.of("CORS_ORIGINS", " https://App.example/ ,http://localhost:5173",
                "TRUST_PROXY", "true")::get);
        assertThat(c.corsOrigins()).containsExactly("https://app.example", "http://localhost:5173");
        assertThat(c.allows("https://app.example")).isTrue();
        assertThat(c.allows("https://app.example.evil")).isFalse();
        assertThat(c.allows("http://app.example")).isFalse();
        assertThat(c.trustProxy()).isTrue();
    }

    @Test
    void wildcardOnlyOutsideProduction() {
        assertThat(WebSecurityConfig.load(Map.of("CORS_ORIGINS", "*")::get).allows("https://x.example")).isTrue();
        assertThatThrownBy(() -> WebSecurityConfig.load(Map.of("CORS_ORIGINS", "*", "NODE_ENV", "production")::get))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("CORS_ORIGINS");
    }

    @Test
    void everyProblemIsListed() {
        assertThatThrownBy(() -> WebSecurityConfig.load(Map.of("CORS_ORIGINS", "app.example,https://ok.example/path",
                "TRUST_PROXY", "maybe")::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(3));
    }
}
