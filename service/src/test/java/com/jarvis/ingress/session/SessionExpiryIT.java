package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Two instances sweep one database at the same moment: every expired session is processed exactly once. */
class SessionExpiryIT {
    static final int SESSIONS = 300;

    /** Records which sessions this instance released. */
    public static class Recorder implements SessionLifecycleListener {
        final ConcurrentLinkedQueue<UUID> closed = new ConcurrentLinkedQueue<>();

        @Override
        public void onSessionClosed(Session session) {
            closed.add(session.id());
        }
    }

    @Configuration(proxyBeanMethods = false)
    public static class RecorderConfig {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }
    }

    @Test
    void twoInstancesExpireEachSessionExactlyOnce() throws Exception {
        String db = PostgresTestDatabase.create("ingress_expiry");
        Map<String, String> env = Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379", "SESSION_TTL", "2s");
        try (ServiceInstance a = ServiceInstance.start(env, RecorderConfig.class);
             ServiceInstance b = ServiceInstance.start(env, RecorderConfig.class)) {
            ApiClient api = a.api();
            String token = api.newAccessToken();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                ids.add(api.createSession(token));
            }
            // one session is ended by its user before expiry: it must not be expired (nor released twice)
            api.delete("/api/session/" + ids.get(0), token);
            Thread.sleep(2100);

            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Integer> fa = pool.submit(() -> {
                go.await();
                return a.bean(SessionSweeper.class).sweepOnce();
            });
            Future<Integer> fb = pool.submit(() -> {
                go.await();
                return b.bean(SessionSweeper.class).sweepOnce();
            });
            go.countDown();
            int expiredByA = fa.get();
            int expiredByB = fb.get();
            pool.shutdown();

            List<UUID> closedA = new ArrayList<>(a.bean(Recorder.class).closed);
            List<UUID> closedB = new ArrayList<>(b.bean(Recorder.class).closed);
            assertThat(closedA.remove(UUID.fromString(ids.get(0)))).isTrue(); // the DELETE, on instance A
            assertThat(expiredByA + expiredByB).isEqualTo(SESSIONS - 1);
            Set<UUID> all = new HashSet<>(closedA);
            all.addAll(closedB);
            assertThat(closedA.size() + closedB.size()).isEqualTo(SESSIONS - 1);
            assertThat(all).hasSize(SESSIONS - 1);
            assertThat(all).doesNotContain(UUID.fromString(ids.get(0)));

            assertThat(b.api().get("/api/session/" + ids.get(5), token).text("status")).isEqualTo("expired");
            assertThat(api.get("/api/session/" + ids.get(0), token).text("status")).isEqualTo("ended");
            // a second sweep finds nothing left
            assertThat(a.bean(SessionSweeper.class).sweepOnce()).isZero();
            assertThat(api.patch("/api/session/" + ids.get(5), "{\"contextData\":{}}", token).status()).isEqualTo(409);
        }
    }

    @Test
    void theScheduledSweeperRunsOnItsInterval() throws Exception {
        String db = PostgresTestDatabase.create("ingress_sweep");
        Map<String, String> env = Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379", "SESSION_TTL", "1s", "SESSION_CLEANUP_INTERVAL", "500ms");
        try (ServiceInstance a = ServiceInstance.start(env)) {
            ApiClient api = a.api();
            String token = api.newAccessToken();
            String id = api.createSession(token);
            assertThat(api.get("/api/session/" + id, token).text("status")).isEqualTo("pending");
            long deadline = System.currentTimeMillis() + 10_000;
            String status = "pending";
            while (System.currentTimeMillis() < deadline && !status.equals("expired")) {
                Thread.sleep(200);
                status = api.get("/api/session/" + id, token).text("status");
            }
            assertThat(status).isEqualTo("expired");
        }
    }
}
