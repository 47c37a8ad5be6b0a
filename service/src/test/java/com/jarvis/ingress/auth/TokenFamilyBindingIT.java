package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Defence in depth for a leaked JWT secret: a token naming one user and another login's token family neither
 * works nor changes what is cached about that family (it must not log the other device out, nor vouch for it).
 */
class TokenFamilyBindingIT extends IntegrationTest {
    private final JwtCodec codec = new JwtCodec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());

    private static UUID claim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        JsonNode claims = com.jarvis.ingress.support.ApiClient.JSON.readTree(payload);
        return UUID.fromString(claims.get(name).asString());
    }

    @Test
    void aTokenNamingSomeoneElsesFamilyIsRefusedAndPoisonsNothing() {
        JsonNode a = api.register("device-" + UUID.randomUUID());
        JsonNode b = api.register("device-" + UUID.randomUUID());
        String bAccess = b.get("accessToken").asString();
        UUID userA = UUID.fromString(a.get("userId").asString());
        UUID deviceA = claim(a.get("accessToken").asString(), "did");
        UUID deviceB = claim(bAccess, "did");
        UUID familyB = claim(bAccess, "fid");

        // Cold cache: user A with B's family (with A's or B's device) is refused...
        String mixed = codec.sign(TokenType.ACCESS, userA, deviceA, familyB, UUID.randomUUID(), Duration.ofHours(1));
        String mixedDevice = codec.sign(TokenType.ACCESS, userA, deviceB, familyB, UUID.randomUUID(),
                Duration.ofHours(1));
        for (String forged : new String[] {mixed, mixedDevice}) {
            Response r = api.post("/api/session/create", "{}", forged);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("invalid_token");
        }
        // ...and B, whose family the forged tokens named, still works (nothing "revoked" was cached for it).
        assertThat(api.post("/api/session/create", "{}", bAccess).status()).isEqualTo(200);
        // Warm cache (B's family is now cached as active): the forged tokens still get nothing from it.
        for (String forged : new String[] {mixed, mixedDevice}) {
            assertThat(api.post("/api/session/create", "{}", forged).status()).isEqualTo(401);
        }
        // A family that does not exist is refused, and the real owners keep working.
        String unknown = codec.sign(TokenType.ACCESS, userA, deviceA, UUID.randomUUID(), UUID.randomUUID(),
                Duration.ofHours(1));
        assertThat(api.post("/api/session/create", "{}", unknown).status()).isEqualTo(401);
        assertThat(api.post("/api/session/create", "{}", a.get("accessToken").asString()).status()).isEqualTo(200);
    }

    @Test
    void revocationStillTakesEffectThroughTheCache() {
        JsonNode b = api.register("device-" + UUID.randomUUID());
        String access = b.get("accessToken").asString();
        assertThat(api.post("/api/session/create", "{}", access).status()).isEqualTo(200);
        assertThat(api.post("/api/auth/revoke", null, access).status()).isEqualTo(200);
        Response after = api.post("/api/session/create", "{}", access);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.errorCode()).isEqualTo("token_revoked");
    }
}
