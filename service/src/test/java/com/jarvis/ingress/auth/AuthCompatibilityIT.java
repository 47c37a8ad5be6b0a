package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The settings for fleets of the original service: strict rotation, and identifier-only registration. */
class AuthCompatibilityIT {
    private static final String DB = PostgresTestDatabase.url(PostgresTestDatabase.create("ingress_authcompat"));

    private static String body(String identifier) {
        return "{\"deviceIdentifier\":\"" + identifier + "\"}";
    }

    @Test
    void strictRotationRevokesOnAnySecondUse() {
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", DB, "REFRESH_ROTATION", "strict"))) {
            ApiClient api = svc.api();
            String r1 = api.register("d-" + UUID.randomUUID()).get("refreshToken").asString();
            assertThat(api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}", null).status()).isEqualTo(200);
            Response again = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}", null);
            assertThat(again.status()).isEqualTo(401);
            assertThat(again.errorCode()).isEqualTo("token_reused");
        }
    }

    @Test
    void identifierOnlyRegistrationSignsAKnownDeviceInAndReplacesItsDeviceToken() {
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", DB,
                "REGISTER_ALLOW_IDENTIFIER_ONLY", "true"))) {
            ApiClient api = svc.api();
            String identifier = "legacy-" + UUID.randomUUID();
            JsonNode first = api.register(identifier);
            Response again = api.post("/api/auth/register", body(identifier), null);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.text("userId")).isEqualTo(first.get("userId").asString());
            assertThat(again.text("deviceToken")).isNotEqualTo(first.get("deviceToken").asString());
            assertThat(api.post("/api/session/create", "{}", again.text("accessToken")).status()).isEqualTo(200);
            // The old device token no longer proves the device; the new one does.
            Response oldProof = api.post("/api/auth/register", "{\"deviceIdentifier\":\"" + identifier
                    + "\",\"deviceToken\":\"" + first.get("deviceToken").asString() + "\"}", null);
            assertThat(oldProof.status()).isEqualTo(401);
            Response newProof = api.post("/api/auth/register", "{\"deviceIdentifier\":\"" + identifier
                    + "\",\"deviceToken\":\"" + again.text("deviceToken") + "\"}", null);
            assertThat(newProof.status()).isEqualTo(200);
        }
    }

    @Test
    void identifierOnlyRegistrationNeedsAnAcknowledgementInProduction() {
        assertThatThrownBy(() -> AuthPolicy.load(Map.of("NODE_ENV", "production",
                "REGISTER_ALLOW_IDENTIFIER_ONLY", "true")::get))
                .hasMessageContaining("REGISTER_ALLOW_IDENTIFIER_ONLY_ACK");
        assertThat(AuthPolicy.load(Map.of("NODE_ENV", "production", "REGISTER_ALLOW_IDENTIFIER_ONLY", "true",
                "REGISTER_ALLOW_IDENTIFIER_ONLY_ACK", AuthPolicy.ACKNOWLEDGEMENT)::get).identifierOnlyRegistration())
                .isTrue();
        assertThat(AuthPolicy.load(Map.<String, String>of()::get)).isEqualTo(new AuthPolicy(false, false));
        assertThatThrownBy(() -> AuthPolicy.load(Map.of("REFRESH_ROTATION", "sometimes")::get))
                .hasMessageContaining("REFRESH_ROTATION");
    }
}
