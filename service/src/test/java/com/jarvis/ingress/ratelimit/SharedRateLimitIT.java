package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Limits held in Redis across instances, and in-process while Redis is unreachable. */
class SharedRateLimitIT {

    private static Map<String, String> env(String db, String redisUrl, String prefix) {
        return Map.of("DATABASE_URL", PostgresTestDatabase.url(db), "REDIS_URL", redisUrl,
                "RATE_LIMIT_KEY_PREFIX", prefix, "RATE_LIMIT_SESSION_CREATE_PER_MIN", "4");
    }

    @Test
    void twoInstancesEnforceOneSharedLimit() {
        String db = PostgresTestDatabase.create("ingress_rlshared");
        String prefix = "rl-test-" + UUID.randomUUID() + ":";
        try (ServiceInstance one = ServiceInstance.start(env(db, "redis://127.0.0.1:6379", prefix));
             ServiceInstance two = ServiceInstance.start(env(db, "redis://127.0.0.1:6379", prefix))) {
            String token = one.api().newAccessToken();
            ApiClient[] apis = {one.api(), two.api()};
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(apis[i % 2].post("/api/session/create", "{}", token).status());
            }
            // Four tokens in total, not four per instance.
            assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429, 429, 429);
        }
    }

    @Test
    void redisDownLimitsStillApplyInProcessAndRequestsAreServed() throws Exception {
        String db = PostgresTestDatabase.create("ingress_rlredisdown");
        try (TcpProxy redis = new TcpProxy("127.0.0.1", 6379);
             ServiceInstance svc = ServiceInstance.start(env(db, "redis://127.0.0.1:" + redis.port(),
                     "rl-test-" + UUID.randomUUID() + ":"))) {
            ApiClient api = svc.api();
            String token = api.newAccessToken();
            Response before = api.post("/api/session/create", "{}", token);
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.headers().firstValue("RateLimit").orElseThrow()).contains("\"session-create\";r=3;");

            redis.cut();
            List<Integer> statuses = new ArrayList<>();
            Response last = null;
            for (int i = 0; i < 6; i++) {
                last = api.post("/api/session/create", "{}", token);
                statuses.add(last.status());
                assertThat(last.headers().firstValue("RateLimit")).isPresent();
            }
            // The in-process bucket starts full: four more, then refused; never a 5xx from the limiter.
            assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
            assertThat(api.get("/health", null).status()).isEqualTo(200);
        }
    }
}
