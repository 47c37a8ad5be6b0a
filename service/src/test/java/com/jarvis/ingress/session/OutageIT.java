package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.TcpProxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real outages, made by cutting a TCP proxy in front of the real PostgreSQL or Redis. */
class OutageIT {

    @Test
    void redisDownServiceKeepsServingFromTheDatabaseAndNeverServesStaleData() throws Exception {
        String db = PostgresTestDatabase.create("ingress_redisdown");
        try (TcpProxy redis = new TcpProxy("127.0.0.1", 6379);
             ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                     "REDIS_URL", "redis://127.0.0.1:" + redis.port()))) {
            ApiClient api = svc.api();
            String token = api.newAccessToken();
            String id = api.createSession(token);
            api.patch("/api/session/" + id, "{\"contextData\":{\"v\":1}}", token);
            assertThat(api.get("/api/session/" + id, token).body().at("/contextData/v").asInt()).isEqualTo(1); // cached
            String revoked = api.newAccessToken();
            assertThat(api.createSession(revoked)).isNotNull(); // its login is cached in Redis as active

            redis.cut();
            assertThat(api.post("/api/auth/revoke", null, revoked).status()).isEqualTo(200);
            Response patched = api.patch("/api/session/" + id, "{\"contextData\":{\"v\":2}}", token);
            assertThat(patched.status()).isEqualTo(200);
            assertThat(api.get("/api/session/" + id, token).body().at("/contextData/v").asInt()).isEqualTo(2);
            String token2 = api.newAccessToken(); // register works without Redis
            assertThat(api.createSession(token2)).isNotNull();
            assertThat(api.get("/health", null).status()).isEqualTo(200);

            redis.restore();
            Thread.sleep(2500); // past the cache's back-off
            for (int i = 0; i < 3; i++) {
                // The value cached before the outage (v=1) must never come back.
                assertThat(api.get("/api/session/" + id, token).body().at("/contextData/v").asInt()).isEqualTo(2);
            }
            // Revoked while Redis was unreachable: its "active" entry must not be served once Redis is back.
            Response afterRevoke = api.post("/api/session/create", "{}", revoked);
            assertThat(afterRevoke.status()).isEqualTo(401);
            assertThat(afterRevoke.errorCode()).isEqualTo("token_revoked");
        }
    }

    @Test
    void postgresDownAnswers503FastAndLosesNothing() throws Exception {
        String db = PostgresTestDatabase.create("ingress_pgdown");
        try (TcpProxy pg = new TcpProxy(PostgresTestDatabase.HOST, PostgresTestDatabase.PORT);
             ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db, pg.port()),
                     "REDIS_URL", "redis://127.0.0.1:6379", "PG_CONN_TIMEOUT_MS", "1000"))) {
            ApiClient api = svc.api();
            String token = api.newAccessToken();
            String id = api.createSession(token);
            api.patch("/api/session/" + id, "{\"contextData\":{\"kept\":true}}", token);

            pg.cut();
            long start = System.nanoTime();
            Response create = api.post("/api/session/create", "{}", token);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(create.status()).isEqualTo(503);
            assertThat(create.errorCode()).isEqualTo("database_unavailable");
            assertThat(millis).isLessThan(5000);
            Response register = api.post("/api/auth/register", "{\"deviceIdentifier\":\"pg-down-device\"}", null);
            assertThat(register.status()).isEqualTo(503);
            assertThat(api.get("/health", null).status()).isEqualTo(503);

            pg.restore();
            long deadline = System.currentTimeMillis() + 15_000;
            Response after;
            do {
                Thread.sleep(250);
                after = api.get("/api/session/" + id, token);
            } while (after.status() != 200 && System.currentTimeMillis() < deadline);
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.body().at("/contextData/kept").asBoolean()).isTrue();
            assertThat(api.post("/api/session/create", "{}", token).status()).isEqualTo(200);
            assertThat(api.get("/health", null).status()).isEqualTo(200);
        }
    }
}
