package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request that needs a transaction while every pooled connection is busy gets 503 database_unavailable, like
 * one that needs a plain connection: a burst of registrations once answered 500 when the pool timed out at the
 * start of a transaction (Spring's CannotCreateTransactionException).
 */
class PoolExhaustedIT {

    @Test
    void aTransactionWithoutAConnectionIs503AndTheRequestHoldingItStillSucceeds() throws Exception {
        String db = PostgresTestDatabase.create("ingress_pool_full");
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "PGPOOL_MAX_INGRESS", "2", "PG_CONN_TIMEOUT_MS", "500", "RATE_LIMIT_ENABLED", "false"))) {
            ApiClient api = svc.api();
            String token = api.newAccessToken();
            List<CompletableFuture<Response>> creates = new ArrayList<>();
            try (Connection lock = PostgresTestDatabase.connect(db)) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    st.execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE");
                }
                // These two requests take the pool's two connections and wait on the lock with them.
                for (int i = 0; i < 2; i++) {
                    creates.add(CompletableFuture.supplyAsync(() -> api.post("/api/session/create", "{}", token)));
                }
                Thread.sleep(1500);
                assertThat(creates).noneMatch(CompletableFuture::isDone);
                // revoke begins a transaction first thing: no connection to begin it with
                Response revoke = api.post("/api/auth/revoke", "{}", token);
                assertThat(revoke.status()).as(revoke.raw()).isEqualTo(503);
                assertThat(revoke.errorCode()).isEqualTo("database_unavailable");
                lock.rollback();
            }
            for (CompletableFuture<Response> create : creates) {
                assertThat(create.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            assertThat(api.post("/api/auth/revoke", "{}", token).status()).isEqualTo(200);
        }
    }
}
