package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuthApiIT extends IntegrationTest {

    private static String id() {
        return "device-" + UUID.randomUUID();
    }

    @Test
    void registerReturnsTheSpecShapeAndTheTokensWork() {
        JsonNode reg = api.register(id());
        assertThat(reg.propertyNames()).containsExactlyInAnyOrder("userId", "deviceToken", "accessToken", "refreshToken",
                "expiresIn");
        assertThat(UUID.fromString(reg.get("userId").asString())).isNotNull();
        assertThat(reg.get("expiresIn").asString()).isEqualTo("7d");
        assertThat(reg.get("deviceToken").asString()).hasSizeGreaterThanOrEqualTo(43);
        Response created = api.post("/api/session/create", "{}", reg.get("accessToken").asString());
        assertThat(created.status()).isEqualTo(200);
    }

    @Test
    void knownIdentifierNeedsItsDeviceToken() {
        String identifier = id();
        JsonNode first = api.register(identifier);

        Response noProof = api.post("/api/auth/register", "{\"deviceIdentifier\":\"" + identifier + "\"}", null);
        assertThat(noProof.status()).isEqualTo(409);
        assertThat(noProof.errorCode()).isEqualTo("device_already_registered");
        assertThat(noProof.body().has("accessToken")).isFalse();

        Response wrongProof = api.post("/api/auth/register",
                "{\"deviceIdentifier\":\"" + identifier + "\",\"deviceToken\":\"" + "x".repeat(43) + "\"}", null);
        assertThat(wrongProof.status()).isEqualTo(401);
        assertThat(wrongProof.errorCode()).isEqualTo("invalid_device_token");

        Response proof = api.post("/api/auth/register", "{\"deviceIdentifier\":\"" + identifier + "\",\"deviceToken\":\""
                + first.get("deviceToken").asString() + "\"}", null);
        assertThat(proof.status()).isEqualTo(200);
        assertThat(proof.text("userId")).isEqualTo(first.get("userId").asString());
        assertThat(proof.text("accessToken")).isNotEqualTo(first.get("accessToken").asString());
    }

    @Test
    void refreshRotatesAndReuseAfterTheSuccessorWasUsedRevokesTheFamily() {
        JsonNode reg = api.register(id());
        String r1 = reg.get("refreshToken").asString();

        Response first = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().propertyNames()).contains("accessToken", "expiresIn", "refreshToken");
        String r2 = first.text("refreshToken");
        String a2 = first.text("accessToken");
        assertThat(r2).isNotEqualTo(r1);
        assertThat(api.post("/api/session/create", "{}", a2).status()).isEqualTo(200);
        // The client adopts the rotated token: r2 is used, so r1 is spent for good.
        Response second = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r2 + "\"}", null);
        assertThat(second.status()).isEqualTo(200);
        String a3 = second.text("accessToken");

        // An attacker replays the first refresh token: refused, and the whole family dies.
        Response reuse = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}", null);
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.errorCode()).isEqualTo("token_reused");

        assertThat(api.post("/api/auth/refresh", "{\"refreshToken\":\"" + second.text("refreshToken") + "\"}", null)
                .status()).isEqualTo(401);
        Response withAccess = api.post("/api/session/create", "{}", a3);
        assertThat(withAccess.status()).isEqualTo(401);
        assertThat(withAccess.errorCode()).isEqualTo("token_revoked");
        // The original login's access tokens belong to the same family.
        assertThat(api.post("/api/session/create", "{}", a2).status()).isEqualTo(401);
        assertThat(api.post("/api/session/create", "{}", reg.get("accessToken").asString()).status()).isEqualTo(401);
    }

    /** A client written to the spec reads only accessToken from refresh and keeps sending its first token. */
    @Test
    void aSpecClientThatNeverAdoptsRotatedTokensKeepsRefreshing() {
        JsonNode reg = api.register(id());
        String r1 = reg.get("refreshToken").asString();
        String lastUnadopted = null;
        for (int i = 0; i < 5; i++) {
            Response r = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}", null);
            assertThat(r.status()).as("refresh #" + i).isEqualTo(200);
            assertThat(api.post("/api/session/create", "{}", r.text("accessToken")).status()).isEqualTo(200);
            lastUnadopted = r.text("refreshToken");
        }
        // A thief who got hold of the first token and adopts what it returns: the spec client's next refresh
        // finds the successor used, which is theft; the family dies for both.
        Response thief = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}", null);
        assertThat(thief.status()).isEqualTo(200);
        assertThat(api.post("/api/auth/refresh", "{\"refreshToken\":\"" + thief.text("refreshToken") + "\"}", null)
                .status()).isEqualTo(200);
        Response client = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}", null);
        assertThat(client.status()).isEqualTo(401);
        assertThat(client.errorCode()).isEqualTo("token_reused");
        assertThat(api.post("/api/session/create", "{}", thief.text("accessToken")).status()).isEqualTo(401);
        // Successors withdrawn when a newer one replaced them never worked again.
        assertThat(api.post("/api/auth/refresh", "{\"refreshToken\":\"" + lastUnadopted + "\"}", null).status())
                .isEqualTo(401);
    }

    @Test
    void revokeRefusesAccessAndRefreshTokensAtOnce() {
        JsonNode reg = api.register(id());
        String access = reg.get("accessToken").asString();
        // Warm the cache with a successful authentication first.
        assertThat(api.post("/api/session/create", "{}", access).status()).isEqualTo(200);

        Response revoked = api.post("/api/auth/revoke", null, access);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("success").asBoolean()).isTrue();
        assertThat(revoked.text("message")).isEqualTo("Device token revoked");

        Response after = api.post("/api/session/create", "{}", access);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.errorCode()).isEqualTo("token_revoked");
        Response refresh = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + reg.get("refreshToken").asString() + "\"}", null);
        assertThat(refresh.status()).isEqualTo(401);
    }

    @Test
    void revokedIdentifierRegistersAsANewUserWithoutTheOldUsersData() {
        String identifier = id();
        JsonNode reg = api.register(identifier);
        String oldAccess = reg.get("accessToken").asString();
        String sessionId = api.createSession(oldAccess);
        api.post("/api/auth/revoke", null, oldAccess);

        // The old device token no longer proves anything...
        Response oldProof = api.post("/api/auth/register", "{\"deviceIdentifier\":\"" + identifier + "\",\"deviceToken\":\""
                + reg.get("deviceToken").asString() + "\"}", null);
        assertThat(oldProof.status()).isEqualTo(200);
        assertThat(oldProof.text("userId")).isNotEqualTo(reg.get("userId").asString());
        assertThat(oldProof.text("deviceToken")).isNotEqualTo(reg.get("deviceToken").asString());
        // ...and the fresh user cannot see the old user's sessions.
        assertThat(api.get("/api/session/" + sessionId, oldProof.text("accessToken")).status()).isEqualTo(404);
    }

    @Test
    void accessAndRefreshTokensAreNotInterchangeable() {
        JsonNode reg = api.register(id());
        Response refreshAsAccess = api.post("/api/session/create", "{}", reg.get("refreshToken").asString());
        assertThat(refreshAsAccess.status()).isEqualTo(401);
        Response accessAsRefresh = api.post("/api/auth/refresh",
                "{\"refreshToken\":\"" + reg.get("accessToken").asString() + "\"}", null);
        assertThat(accessAsRefresh.status()).isEqualTo(401);
    }
}
