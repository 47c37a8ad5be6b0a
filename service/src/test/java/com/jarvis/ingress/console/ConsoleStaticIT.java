package com.jarvis.ingress.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console page over plain HTTP: {@code /} is its HTML with the page's own CSP and microphone permission, its
 * files have the right content types, it has no inline script or style (the CSP would block them), and the API
 * around it is unchanged: JSON 404 for unknown paths, the API's CSP, rate limits and auth only on /api.
 */
class ConsoleStaticIT {
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    static ServiceInstance svc;
    static ApiClient api;

    @BeforeAll
    static void start() {
        svc = ServiceInstance.start(Map.of(
                "DATABASE_URL", PostgresTestDatabase.url(PostgresTestDatabase.create("ingress_console_static")),
                "RATE_LIMIT_KEY_PREFIX", "rl-test-" + UUID.randomUUID() + ":"));
        api = svc.api();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @Test
    void rootServesThePageWithItsOwnPolicy() {
        for (String path : List.of("/", "/index.html")) {
            Response r = api.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("text/html");
            assertThat(r.raw()).contains("<title>Jarvis Ingress console</title>");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(PAGE_CSP);
            assertThat(r.headers().firstValue("Permissions-Policy").orElseThrow()).contains("microphone=(self)");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            // No rate-limit headers: the limiter is on /api/** only.
            assertThat(r.headers().firstValue("RateLimit")).isEmpty();
        }
    }

    @Test
    void thePageHasNoInlineScriptOrStyleAndOnlyLocalResources() {
        String html = api.get("/", null).raw();
        Matcher scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("script tag").contains("src=\"/console/");
            assertThat(scripts.group(2)).as("inline script").isBlank();
        }
        assertThat(count).isPositive();
        assertThat(html).doesNotContainPattern("(?i)<style\\b").doesNotContainPattern("(?i)\\sstyle=")
                .doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContainPattern("(?i)javascript:")
                .doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
        // Every resource the page names is served.
        Matcher refs = Pattern.compile("(?:src|href)=\"(/console/[^\"]+)\"").matcher(html);
        int refsFound = 0;
        while (refs.find()) {
            refsFound++;
            assertThat(api.get(refs.group(1), null).status()).as(refs.group(1)).isEqualTo(200);
        }
        assertThat(refsFound).isGreaterThanOrEqualTo(3);
    }

    @Test
    void assetsHaveTheirContentTypes() {
        Map<String, String> types = Map.of(
                "/console/console.js", "text/javascript",
                "/console/api.js", "text/javascript",
                "/console/sse.js", "text/javascript",
                "/console/talk.js", "text/javascript",
                "/console/pcm-worklet.js", "text/javascript",
                "/console/console.css", "text/css",
                "/console/favicon.svg", "image/svg+xml");
        types.forEach((path, type) -> {
            Response r = api.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path)
                    .matches(type.equals("text/javascript") ? "(text|application)/javascript.*" : Pattern.quote(type) + ".*");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(PAGE_CSP);
            assertThat(r.raw()).as(path).isNotBlank();
        });
        // No file of the page uses innerHTML or eval: untrusted text goes in with textContent only.
        for (String js : List.of("/console/console.js", "/console/api.js", "/console/sse.js", "/console/talk.js",
                "/console/pcm-worklet.js")) {
            assertThat(api.get(js, null).raw()).as(js).doesNotContain("innerHTML", "eval(", "new Function");
        }
    }

    @Test
    void theApiAroundThePageIsUnchanged() {
        for (String path : List.of("/no/such/page", "/console/missing.js", "/index.htm", "/error", "/static/index.html")) {
            Response r = api.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("application/json");
            assertThat(r.errorCode()).as(path).isEqualTo("not_found");
        }
        Response post = api.send(api.builder("/", null).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.status()).isBetween(400, 499);
        assertThat(post.body().path("error").path("code").isString()).as(post.raw()).isTrue();

        Response health = api.get("/health", null);
        assertThat(health.headers().firstValue("Content-Security-Policy")).hasValue(API_CSP);
        assertThat(health.headers().firstValue("Permissions-Policy")).isEmpty();
        assertThat(health.body().path("version").asString()).isNotBlank().isNotEqualTo("unknown");
        Response unknown = api.get("/no/such/page", null);
        assertThat(unknown.headers().firstValue("Content-Security-Policy")).hasValue(API_CSP);
        Response unauthorized = api.get("/api/sessions", null);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("Content-Security-Policy")).hasValue(API_CSP);
        // A path parameter does not turn an API response into a page one.
        Response semicolon = api.get("/api;console/sessions", null);
        assertThat(semicolon.status()).isEqualTo(401);
        assertThat(semicolon.headers().firstValue("Content-Security-Policy")).hasValue(API_CSP);
    }
}
