package com.jarvis.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS allow-list and secure headers, over the network on a real instance. */
class WebSecurityIT {
    private static final String ALLOWED = "https://e2e.example.test";
    private static ServiceInstance svc;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        svc = ServiceInstance.start(Map.of(
                "DATABASE_URL", PostgresTestDatabase.url(PostgresTestDatabase.create("ingress_websec")),
                "REDIS_URL", "redis://127.0.0.1:6379",
                "CORS_ORIGINS", ALLOWED + ", http://localhost:5173",
                "TRUST_PROXY", "true",
                "RATE_LIMIT_KEY_PREFIX", "rl-test-" + UUID.randomUUID() + ":"));
        api = svc.api();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    private static Response preflight(String path, String origin, String method) {
        return api.send(api.builder(path, null).header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization,content-type,x-request-id")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithoutAuthOrRateLimit() {
        for (String[] c : new String[][] {{"/api/session/create", "POST"}, {"/api/session/" + UUID.randomUUID(), "PATCH"},
                {"/api/session/" + UUID.randomUUID(), "DELETE"}, {"/api/webrtc/transport/create", "POST"}}) {
            Response r = preflight(c[0], ALLOWED, c[1]);
            assertThat(r.status()).as(c[0]).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains(c[1]);
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                    .contains("Authorization", "Content-Type", "X-Request-Id");
            assertThat(r.headers().firstValue("RateLimit")).isEmpty();
            assertThat(r.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
        }
    }

    @Test
    void actualRequestsFromAnAllowedOriginGetCorsHeaders() {
        Response r = api.send(api.builder("/api/auth/register", null).header("Origin", ALLOWED)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"deviceIdentifier\":\"cors-" + UUID.randomUUID() + "\"}")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("RateLimit");
        Response unauthorized = api.send(api.builder("/api/session/create", null).header("Origin", ALLOWED)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    }

    @Test
    void whipFromABrowserOnAnAllowedOriginCanReadItsHeaders() {
        Response post = preflight("/api/whip", ALLOWED, "POST");
        assertThat(post.status()).isEqualTo(204);
        assertThat(post.headers().firstValue("Accept-Post")).hasValue("application/sdp");
        Response patch = api.send(api.builder("/api/whip/" + UUID.randomUUID(), null).header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(patch.status()).isEqualTo(204);
        assertThat(patch.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("If-Match");
        // An actual (refused) POST: the headers a WHIP client reads are exposed to the page.
        Response actual = api.send(api.builder("/api/whip", api.newAccessToken()).header("Origin", ALLOWED)
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString("v=0\r\n")));
        assertThat(actual.status()).isEqualTo(400);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Location", "ETag", "Link", "X-Session-Id");
    }

    @Test
    void otherOriginsGetNoCorsHeaders() {
        Response pre = preflight("/api/session/create", "https://evil.example", "POST");
        assertThat(pre.status()).isEqualTo(403);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
        Response actual = api.send(api.builder("/health", null).header("Origin", "https://evil.example").GET());
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        Response apiCall = api.send(api.builder("/api/auth/register", null).header("Origin", "https://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"deviceIdentifier\":\"evil-" + UUID.randomUUID() + "\"}")));
        assertThat(apiCall.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void secureHeadersOnEveryKindOfResponse() {
        String token = api.newAccessToken();
        Response health = api.get("/health", null);
        Response created = api.send(api.builder("/api/session/create", token).header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https").POST(HttpRequest.BodyPublishers.ofString("{}")));
        Response notFound = api.get("/api/session/" + UUID.randomUUID(), token);
        Response noRoute = api.get("/no/such/page", null);
        Response unauthorized = api.get("/api/session/" + UUID.randomUUID(), null);
        Response badJson = api.post("/api/session/create", "{", token);
        assertThat(health.status()).isEqualTo(200);
        assertThat(created.status()).isEqualTo(200);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(badJson.status()).isEqualTo(400);
        for (Response r : new Response[] {health, created, notFound, noRoute, unauthorized, badJson}) {
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .hasValue("default-src 'none'; frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        for (Response r : new Response[] {created, notFound, unauthorized, badJson}) {
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        // HSTS only when the request arrived over HTTPS (here: at the trusted proxy).
        assertThat(created.headers().firstValue("Strict-Transport-Security")).hasValue(SecurityHeadersFilter.HSTS);
        assertThat(health.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
}
