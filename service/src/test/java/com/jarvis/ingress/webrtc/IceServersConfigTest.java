package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IceServersConfigTest {
    static final String STRONG = "0123456789abcdef0123456789abcdef";
    private final List<String> warnings = new ArrayList<>();

    private IceServersConfig load(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return IceServersConfig.load(env::get, warnings);
    }

    private List<String> problems(String... pairs) {
        try {
            load(pairs);
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
        throw new AssertionError("expected a configuration error");
    }

    @Test
    void defaultsToStunOn3478AndNoTurn() {
        IceServersConfig c = load();
        assertThat(c.stunPort()).isEqualTo(3478);
        assertThat(c.stunEnabled()).isTrue();
        assertThat(c.turnEnabled()).isFalse();
        assertThat(c.turnTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(load("STUN_PORT", "0").stunEnabled()).isFalse();
    }

    @Test
    void readsSecretsForRotationUrlsAndTtlAndKeepsSecretsOutOfToString() {
        IceServersConfig c = load("TURN_SECRET", STRONG + "new, " + STRONG + "old", "TURN_URLS",
                "turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349?transport=tcp, turn:[2001:db8::1]",
                "TURN_TTL", "2h");
        assertThat(c.turnSecrets()).containsExactly(STRONG + "new", STRONG + "old");
        assertThat(c.turnUrls()).containsExactly("turn:turn.example.com:3478?transport=udp",
                "turns:turn.example.com:5349?transport=tcp", "turn:[2001:db8::1]");
        assertThat(c.turnTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(c.toString()).doesNotContain(STRONG);
        assertThat(warnings).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThat(problems("STUN_PORT", "70000", "TURN_SECRET", STRONG, "TURN_URLS",
                "http://turn.example.com,turn:host:99999,stun:host:3478", "TURN_TTL", "10s"))
                .anySatisfy(p -> assertThat(p).startsWith("STUN_PORT must be between 0 and 65535"))
                .anySatisfy(p -> assertThat(p).contains("'http://turn.example.com' is not a TURN URL"))
                .anySatisfy(p -> assertThat(p).contains("'turn:host:99999' is not a TURN URL"))
                .anySatisfy(p -> assertThat(p).contains("'stun:host:3478' is not a TURN URL"))
                .anySatisfy(p -> assertThat(p).startsWith("TURN_TTL must be between 1m and 7d"));
        assertThat(problems("TURN_SECRET", STRONG)).singleElement().asString().contains("TURN_URLS is not");
        assertThat(problems("TURN_URLS", "turn:a:3478")).singleElement().asString().contains("TURN_SECRET is not");
        assertThat(problems("TURN_TTL", "soon")).singleElement().asString().startsWith("TURN_TTL:");
    }

    @Test
    void aShortSecretIsRefusedInProductionAndAWarningElsewhere() {
        assertThat(problems("NODE_ENV", "production", "TURN_SECRET", "short", "TURN_URLS", "turn:a:3478"))
                .singleElement().asString().contains("TURN_SECRET secret 1 is 5 bytes; at least 32");
        IceServersConfig dev = load("TURN_SECRET", "short", "TURN_URLS", "turn:a:3478");
        assertThat(dev.turnEnabled()).isTrue();
        assertThat(warnings).singleElement().asString().contains("refused in production");
    }

    @Test
    void turnSecretsAndUrlsAreBounded() {
        String nine = String.join(",", java.util.Collections.nCopies(9, STRONG));
        assertThat(problems("TURN_SECRET", nine, "TURN_URLS", "turn:a")).singleElement().asString()
                .contains("at most 8");
        assertThatThrownBy(() -> load("TURN_SECRET", STRONG, "TURN_URLS", String.join(",",
                java.util.Collections.nCopies(9, "turn:a")))).hasMessageContaining("at most 8");
    }

    @Test
    void stunPortMustNotBeAMediaPort() {
        java.util.function.Function<Map<String, String>, com.jarvis.ingress.media.transport.WebRtcServerConfig> media =
                env -> MediaConfigLoader.load(env::get);
        IceServersConfig stun10000 = load("STUN_PORT", "10000");
        assertThat(stun10000.conflictWith(media.apply(Map.of()))).contains("RTC_MIN_PORT 10000");
        assertThat(load("STUN_PORT", "10050").conflictWith(media.apply(Map.of()))).as("single port: only the first")
                .isNull();
        assertThat(load("STUN_PORT", "10050").conflictWith(media.apply(Map.of("RTC_SINGLE_PORT", "false"))))
                .contains("10000-10100");
        assertThat(load().conflictWith(media.apply(Map.of()))).isNull();
        assertThat(load("STUN_PORT", "0").conflictWith(media.apply(Map.of()))).isNull();
    }
}
