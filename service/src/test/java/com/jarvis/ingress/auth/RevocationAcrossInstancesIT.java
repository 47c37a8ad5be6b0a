package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database and one Redis: each holds the token-family states it has checked in memory
 * (TrackedNearCache), and a revocation on either must still be refused by the other at once.
 */
class RevocationAcrossInstancesIT {

    @Test
    void aTokenRevokedOnOneInstanceIsRefusedByTheOtherAtOnce() throws Exception {
        String db = PostgresTestDatabase.create("ingress_revoke_two");
        Map<String, String> env = Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379");
        try (ServiceInstance a = ServiceInstance.start(env); ServiceInstance b = ServiceInstance.start(env)) {
            ApiClient onA = a.api();
            ApiClient onB = b.api();
            for (int round = 0; round < 3; round++) {
                String token = onA.newAccessToken();
                // B checks the family several times: from then on it answers from memory.
                for (int i = 0; i < 3; i++) {
                    assertThat(onB.get("/api/sessions", token).status()).isEqualTo(200);
                }
                assertThat(onA.post("/api/auth/revoke", "{}", token).status()).isEqualTo(200);
                long revoked = System.nanoTime();
                Response after = onB.get("/api/sessions", token);
                // Redis' invalidation reaches B within a loopback round trip; allow a little for a busy machine.
                while (after.status() == 200 && System.nanoTime() - revoked < 1_000_000_000L) {
                    Thread.sleep(2);
                    after = onB.get("/api/sessions", token);
                }
                assertThat(after.status()).as("refused by the other instance within 1 s").isEqualTo(401);
                assertThat(after.body().at("/error/code").asString()).isEqualTo("token_revoked");
                assertThat(onA.get("/api/sessions", token).status()).isEqualTo(401);
            }
        }
    }
}
