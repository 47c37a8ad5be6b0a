package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cache of verified access tokens answers repeats, but never accepts what the codec would refuse. */
class VerifiedAccessTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final JwtCodec codec = new JwtCodec(SECRET, clock);
    private final VerifiedAccessTokens tokens = new VerifiedAccessTokens(codec, clock);

    private String token(TokenType type, Duration ttl) {
        return codec.sign(type, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), ttl);
    }

    private static void assertRefused(String code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aRepeatIsAnsweredFromTheCacheUntilTheTokenExpires() {
        String t = token(TokenType.ACCESS, Duration.ofSeconds(10));
        TokenClaims first = tokens.verify(t);
        assertThat(tokens.verify(t)).isSameAs(first);

        clock.advance(Duration.ofSeconds(9));
        assertThat(tokens.verify(t)).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        assertRefused("token_expired", () -> tokens.verify(t));
        assertRefused("token_expired", () -> tokens.verify(t));
    }

    @Test
    void whatTheCodecRefusesIsRefusedEveryTime() {
        String refresh = token(TokenType.REFRESH, Duration.ofMinutes(5));
        assertRefused("invalid_token", () -> tokens.verify(refresh));
        assertRefused("invalid_token", () -> tokens.verify(refresh));

        String genuine = token(TokenType.ACCESS, Duration.ofMinutes(5));
        tokens.verify(genuine);
        int at = genuine.length() - 5; // inside the signature, clear of base64's padding bits
        String tampered = genuine.substring(0, at) + (genuine.charAt(at) == 'A' ? 'B' : 'A') + genuine.substring(at + 1);
        assertRefused("invalid_token", () -> tokens.verify(tampered));
        JwtCodec otherSecret = new JwtCodec("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8),
                clock);
        String foreign = otherSecret.sign(TokenType.ACCESS, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), Duration.ofMinutes(5));
        assertRefused("invalid_token", () -> tokens.verify(foreign));
    }
}
