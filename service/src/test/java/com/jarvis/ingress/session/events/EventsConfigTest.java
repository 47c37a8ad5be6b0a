package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsConfigTest {
    @Test
    void defaults() {
        assertThat(EventsConfig.load(name -> null)).isEqualTo(new EventsConfig(4, 1000, 256, Duration.ofSeconds(15)));
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> env = Map.of("SESSION_EVENTS_MAX_WATCHERS_PER_USER", "2", "SESSION_EVENTS_MAX_WATCHERS", "50",
                "SESSION_EVENTS_QUEUE", "16", "SESSION_EVENTS_HEARTBEAT", "500ms");
        assertThat(EventsConfig.load(env::get)).isEqualTo(new EventsConfig(2, 50, 16, Duration.ofMillis(500)));
    }

    @Test
    void refusesBadValuesNamingEachVariable() {
        Map<String, String> env = Map.of("SESSION_EVENTS_MAX_WATCHERS_PER_USER", "0", "SESSION_EVENTS_QUEUE", "many",
                "SESSION_EVENTS_HEARTBEAT", "soon");
        assertThatThrownBy(() -> EventsConfig.load(env::get)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("SESSION_EVENTS_MAX_WATCHERS_PER_USER")
                .hasMessageContaining("SESSION_EVENTS_QUEUE")
                .hasMessageContaining("SESSION_EVENTS_HEARTBEAT");
        assertThatThrownBy(() -> EventsConfig.load(Map.of("SESSION_EVENTS_HEARTBEAT", "10ms")::get))
                .hasMessageContaining("at least 100ms");
    }
}
