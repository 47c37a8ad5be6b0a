package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sessions and logins live in PostgreSQL: a restarted service still knows them. */
class RestartIT {

    @Test
    void aRestartKeepsSessionsAndTokens() {
        String db = PostgresTestDatabase.create("ingress_restart");
        Map<String, String> env = Map.of("DATABASE_URL", PostgresTestDatabase.url(db), "REDIS_URL", "redis://127.0.0.1:6379");
        JsonNode reg;
        String id;
        try (ServiceInstance first = ServiceInstance.start(env)) {
            ApiClient api = first.api();
            reg = api.register("restart-device");
            id = api.createSession(reg.get("accessToken").asString());
            api.patch("/api/session/" + id, "{\"contextData\":{\"lastTurn\":\"turn the lights on\"}}",
                    reg.get("accessToken").asString());
        }
        try (ServiceInstance second = ServiceInstance.start(env)) {
            ApiClient api = second.api();
            Response r = api.get("/api/session/" + id, reg.get("accessToken").asString());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().at("/contextData/lastTurn").asString()).isEqualTo("turn the lights on");
            Response refreshed = api.post("/api/auth/refresh",
                    "{\"refreshToken\":\"" + reg.get("refreshToken").asString() + "\"}", null);
            assertThat(refreshed.status()).isEqualTo(200);
        }
    }
}
