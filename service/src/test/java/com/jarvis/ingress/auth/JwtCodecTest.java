package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.error.ServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwtCodecTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final JwtCodec codec = new JwtCodec(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    private final UUID user = UUID.randomUUID();
    private final UUID device = UUID.randomUUID();
    private final UUID family = UUID.randomUUID();
    private final UUID jti = UUID.randomUUID();

    private String token(TokenType type, Duration ttl) {
        return codec.sign(type, user, device, family, jti, ttl);
    }

    private static String code(Runnable r) {
        try {
            r.run();
            return "accepted";
        } catch (ServiceException e) {
            return e.code();
        }
    }

    @Test
    void roundTripCarriesEveryClaim() {
        TokenClaims c = codec.verify(token(TokenType.ACCESS, Duration.ofMinutes(15)), TokenType.ACCESS);
        assertThat(c.userId()).isEqualTo(user);
        assertThat(c.deviceId()).isEqualTo(device);
        assertThat(c.familyId()).isEqualTo(family);
        assertThat(c.tokenId()).isEqualTo(jti);
        assertThat(c.issuedAt()).isEqualTo(now);
        assertThat(c.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(15)));
    }

    @Test
    void typIsEnforced() {
        String access = token(TokenType.ACCESS, Duration.ofMinutes(1));
        assertThat(code(() -> codec.verify(access, TokenType.REFRESH))).isEqualTo("invalid_token");
    }

    @Test
    void expiryIsEnforcedToTheSecond() {
        String t = token(TokenType.ACCESS, Duration.ofSeconds(10));
        JwtCodec later = new JwtCodec(SECRET, Clock.fixed(now.plusSeconds(10), ZoneOffset.UTC));
        JwtCodec justBefore = new JwtCodec(SECRET, Clock.fixed(now.plusSeconds(9), ZoneOffset.UTC));
        assertThat(code(() -> justBefore.verify(t, TokenType.ACCESS))).isEqualTo("accepted");
        assertThat(code(() -> later.verify(t, TokenType.ACCESS))).isEqualTo("token_expired");
    }

    @Test
    void tamperedOrForeignTokensAreRefused() {
        String t = token(TokenType.ACCESS, Duration.ofMinutes(1));
        String[] parts = t.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(user.toString(), UUID.randomUUID().toString());
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(code(() -> codec.verify(tampered, TokenType.ACCESS))).isEqualTo("invalid_token");

        JwtCodec other = new JwtCodec("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(now, ZoneOffset.UTC));
        assertThat(code(() -> other.verify(t, TokenType.ACCESS))).isEqualTo("invalid_token");
        for (String garbage : new String[] {"", "a", "a.b", "a.b.c", "...", "x".repeat(5000)}) {
            assertThat(code(() -> codec.verify(garbage, TokenType.ACCESS))).isEqualTo("invalid_token");
        }
    }

    @Test
    void otherAlgorithmsAreRefusedEvenWithAValidMac() {
        // Same secret, HS512: still refused, the algorithm is pinned to HS256.
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String t = token(TokenType.ACCESS, Duration.ofMinutes(1));
        String none = header + "." + t.split("\\.")[1] + ".";
        assertThat(code(() -> codec.verify(none, TokenType.ACCESS))).isEqualTo("invalid_token");
    }

    @Test
    void deviceTokensAreRandom256BitAndStoredOnlyHashed() {
        String a = TokenHasher.newDeviceToken();
        String b = TokenHasher.newDeviceToken();
        assertThat(a).isNotEqualTo(b);
        assertThat(Base64.getUrlDecoder().decode(a)).hasSize(32);
        String hash = TokenHasher.hash(a);
        assertThat(hash).hasSize(64).doesNotContain(a);
        assertThat(TokenHasher.matches(a, hash)).isTrue();
        assertThat(TokenHasher.matches(b, hash)).isFalse();
    }

    /** A token made with the right secret by someone else: claims of our shape plus whatever they add. */
    private String forged(Instant issuedAt, Instant notBefore) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(JwtCodec.ISSUER).subject(user.toString())
                .jwtID(jti.toString()).issueTime(Date.from(issuedAt)).expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("typ", TokenType.ACCESS.claim()).claim("did", device.toString()).claim("fid", family.toString());
        if (notBefore != null) {
            claims.notBeforeTime(Date.from(notBefore));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }

    @Test
    void notBeforeAndFutureIssueTimesAreEnforced() throws Exception {
        String notYet = forged(now, now.plusSeconds(600));
        String issuedInTheFuture = forged(now.plusSeconds(600), null);
        String withinSkew = forged(now, now.plusSeconds(30));
        String notBeforePassed = forged(now, now.minusSeconds(1));
        assertThat(code(() -> codec.verify(notYet, TokenType.ACCESS))).isEqualTo("invalid_token");
        assertThat(code(() -> codec.verify(issuedInTheFuture, TokenType.ACCESS))).isEqualTo("invalid_token");
        assertThat(code(() -> codec.verify(withinSkew, TokenType.ACCESS))).isEqualTo("accepted");
        assertThat(code(() -> codec.verify(notBeforePassed, TokenType.ACCESS))).isEqualTo("accepted");
        JwtCodec later = new JwtCodec(SECRET, Clock.fixed(now.plusSeconds(601), ZoneOffset.UTC));
        assertThat(code(() -> later.verify(notYet, TokenType.ACCESS))).isEqualTo("accepted");
    }

    @Test
    void shortSecretsAreRejectedByTheCodec() {
        assertThatThrownBy(() -> new JwtCodec("short".getBytes(StandardCharsets.UTF_8), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
