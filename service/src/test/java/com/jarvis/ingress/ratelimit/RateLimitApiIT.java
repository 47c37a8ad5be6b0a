package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REST limits on a real instance with Redis buckets; clients told apart by X-Forwarded-For (TRUST_PROXY). */
class RateLimitApiIT {
    private static final Pattern STATE = Pattern.compile("\"([a-z-]+)\";r=(\\d+);t=(\\d+)");
    private static ServiceInstance svc;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        svc = ServiceInstance.start(Map.of(
                "DATABASE_URL", PostgresTestDatabase.url(PostgresTestDatabase.create("ingress_ratelimit")),
                "REDIS_URL", "redis://127.0.0.1:6379",
                "TRUST_PROXY", "true",
                "RATE_LIMIT_KEY_PREFIX", "rl-test-" + UUID.randomUUID() + ":",
                "RATE_LIMIT_REGISTER_PER_MIN", "5",
                "RATE_LIMIT_SESSION_CREATE_PER_MIN", "3",
                "RATE_LIMIT_USER_PER_MIN", "100"));
        api = svc.api();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    private static Response register(String ip) {
        return api.send(api.builder("/api/auth/register", null).header("Content-Type", "application/json")
                .header("X-Forwarded-For", ip + ", 10.0.0.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"deviceIdentifier\":\"d-" + UUID.randomUUID() + "\"}")));
    }

    /** Parses one policy's item of a RateLimit field: {remaining, reset}. */
    static long[] state(Response r, String policy) {
        String header = r.headers().firstValue("RateLimit").orElseThrow(() -> new AssertionError("no RateLimit"));
        Matcher m = STATE.matcher(header);
        while (m.find()) {
            if (m.group(1).equals(policy)) {
                return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
            }
        }
        throw new AssertionError("no " + policy + " in RateLimit: " + header);
    }

    @Test
    void registerBurstFromOneIpIsRefusedWith429AndHeaders() {
        String ip = "203.0.113.7";
        for (int i = 0; i < 5; i++) {
            Response ok = register(ip);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("\"register\";q=5;w=60");
            long[] s = state(ok, "register");
            assertThat(s[0]).isEqualTo(4 - i);
            // Time until full again: one token per 12 s per token spent, so at most 12 s per request so far.
            assertThat(s[1]).isBetween(1L, 12L * (i + 1));
            assertThat(ok.headers().firstValue("Retry-After")).isEmpty();
        }
        Response refused = register(ip);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(refused.errorMessage()).isNotBlank();
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 12L);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"register\";q=5;w=60");
        assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"register\";r=0;t=" + retryAfter);

        assertThat(register("203.0.113.8").status()).as("another client IP has its own bucket").isEqualTo(200);
        assertThat(svc.bean(MeterRegistry.class).counter("ingress.rate.limited", "policy", "register").count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void sessionCreateIsLimitedPerUser() {
        String a = register("198.51.100.1").text("accessToken");
        String b = register("198.51.100.2").text("accessToken");
        String id = null;
        for (int i = 0; i < 3; i++) {
            Response created = api.post("/api/session/create", "{}", a);
            assertThat(created.status()).isEqualTo(200);
            assertThat(state(created, "session-create")[0]).isEqualTo(2 - i);
            // The general quota refills quickly (one token per 0.6 s), so only bound it.
            assertThat(state(created, "user")[0]).isBetween(99L - i, 99L);
            assertThat(created.headers().firstValue("RateLimit-Policy"))
                    .hasValue("\"session-create\";q=3;w=60, \"user\";q=100;w=60");
            id = created.text("sessionId");
        }
        Response refused = api.post("/api/session/create", "{}", a);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(state(refused, "session-create")[0]).isZero();

        assertThat(api.post("/api/session/create", "{}", b).status()).as("user B is unaffected").isEqualTo(200);
        // Other endpoints only count against A's general quota, and carry its state, errors included.
        Response read = api.get("/api/session/" + id, a);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers().firstValue("RateLimit-Policy")).hasValue("\"user\";q=100;w=60");
        assertThat(state(read, "user")[0]).isLessThan(100);
        Response missing = api.get("/api/session/" + UUID.randomUUID(), a);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(state(missing, "user")[0]).isLessThan(100);
    }

    private static Response post(String path, String ip, String token, String body) {
        HttpRequest.Builder b = api.builder(path, token).header("Content-Type", "application/json")
                .header("X-Forwarded-For", ip).POST(HttpRequest.BodyPublishers.ofString(body));
        return api.send(b);
    }

    /** The limit belongs to the route served, however the raw path spells it (matrix parameters, escapes...). */
    @Test
    void spellingsOfALimitedPathShareItsBucket() {
        String ip = "203.0.113.99";
        String[] spellings = {"/api/auth/register;x", "/api/auth/register;jsessionid=1", "/api/auth/%72egister",
                "/api;x/auth/register", "/api/auth/register/", "/API/auth/register", "/api/auth//register"};
        for (int i = 0; i < 5; i++) {
            assertThat(register(ip).status()).isEqualTo(200);
        }
        for (String path : spellings) {
            Response r = post(path, ip, null, "{\"deviceIdentifier\":\"d-" + UUID.randomUUID() + "\"}");
            // 429 where the register handler serves the path; 404/401 where nothing does (no route, no auth).
            assertThat(r.status()).as(path).isIn(429, 404, 401);
            if (r.status() == 429) {
                assertThat(r.headers().firstValue("RateLimit-Policy")).as(path).hasValue("\"register\";q=5;w=60");
            }
        }
        assertThat(post("/api/auth/register;x", ip, null, "{\"deviceIdentifier\":\"d-" + UUID.randomUUID() + "\"}")
                .status()).isEqualTo(429);

        String token = register("203.0.113.100").text("accessToken");
        for (int i = 0; i < 3; i++) {
            assertThat(post("/api/session/create", "203.0.113.100", token, "{}").status()).isEqualTo(200);
        }
        for (String path : new String[] {"/api/session/create;x", "/api/session/%63reate", "/api/session;a=b/create"}) {
            Response r = post(path, "203.0.113.100", token, "{}");
            assertThat(r.status()).as(path).isIn(429, 404);
        }
        assertThat(post("/api/session/create;x", "203.0.113.100", token, "{}").status()).isEqualTo(429);
    }
}
