package com.jarvis.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Requests from the probe of the running service: each answers JSON with a 4xx, never a 500 or HTML. */
class HostileRequestsIT extends IntegrationTest {

    /** A raw HTTP/1.1 exchange, so that nothing on the client side normalises what is sent. */
    private RawResponse raw(String requestLine, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(all);
            return RawResponse.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    record RawResponse(int status, String head, String body) {
        static RawResponse parse(String text) {
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new RawResponse(Integer.parseInt(head.substring(9, 12)), head, body);
        }

        private static String dechunk(String body) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < body.length()) {
                int eol = body.indexOf("\r\n", i);
                int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
                if (size == 0) {
                    break;
                }
                out.append(body, eol + 2, eol + 2 + size);
                i = eol + 2 + size + 2;
            }
            return out.toString();
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    @Test
    void containerLevelRejectionsAreJsonWithTheSecurityHeaders() throws IOException {
        String token = api.newAccessToken();
        List<String> failures = new ArrayList<>();
        String big = "X-Big: " + "a".repeat(100 * 1024);
        RawResponse[] responses = {
                raw("GET /api/session/%2F HTTP/1.1", "Authorization: Bearer " + token),
                raw("GET /api/session/a%00b HTTP/1.1", "Authorization: Bearer " + token),
                raw("GET /api/session/%C0%AF HTTP/1.1", "Authorization: Bearer " + token),
                raw("GET /api/session/%E0%80%AF HTTP/1.1", "Authorization: Bearer " + token),
                raw("GET /health HTTP/1.1", big),
                raw("GET /api/session/%zz HTTP/1.1", "Authorization: Bearer " + token),
        };
        for (RawResponse r : responses) {
            String what = r.status() + " " + r.head().lines().findFirst().orElse("") + " " + r.body();
            JsonNode body = null;
            try {
                body = ApiClient.JSON.readTree(r.body());
            } catch (RuntimeException e) {
                failures.add("not JSON: " + what);
                continue;
            }
            if (r.status() < 400 || r.status() >= 500 || !body.path("error").path("code").isString()
                    || !body.path("error").path("message").isString()) {
                failures.add("not a 4xx error body: " + what);
            }
            if (!"nosniff".equals(r.header("X-Content-Type-Options")) || r.header("Content-Security-Policy") == null
                    || !String.valueOf(r.header("Content-Type")).startsWith("application/json")) {
                failures.add("headers missing: " + r.head());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void errorAndActuatorAreNotEndpoints() throws IOException {
        for (String path : new String[] {"/error", "/actuator", "/actuator/health", "/actuator/prometheus"}) {
            Response r = api.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.errorCode()).as(path).isEqualTo("not_found");
        }
        RawResponse post = raw("POST /error HTTP/1.1", "Content-Length: 0");
        assertThat(post.status()).isEqualTo(404);
        Response metrics = api.get("/metrics", null);
        assertThat(metrics.raw()).doesNotContain("ingress_errors_total{code=\"internal_error\"");
    }

    @Test
    void numbersOutOfRangeAre400NamingTheField() {
        String token = api.newAccessToken();
        String[][] cases = {
                {"{\"audioConfig\":{\"sampleRate\":1e400}}", "audioConfig.sampleRate"},
                {"{\"audioConfig\":{\"channels\":1e400}}", "audioConfig.channels"},
                {"{\"audioConfig\":{\"bitDepth\":-1e400}}", "audioConfig.bitDepth"},
                {"{\"audioConfig\":{\"sampleRate\":1e10}}", "audioConfig.sampleRate"},
                {"{\"audioConfig\":{\"sampleRate\":16000000000000000000000}}", "audioConfig.sampleRate"},
                {"{\"metadata\":{\"x\":1e400}}", "metadata.x"},
                {"{\"metadata\":{\"a\":[1,{\"b\":-1e999}]}}", "metadata.a[1].b"},
        };
        for (String[] c : cases) {
            Response r = api.post("/api/session/create", c[0], token);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo("validation_error");
            assertThat(r.errorMessage()).as(c[0]).startsWith(c[1] + ":");
        }
        // contextData: refused rather than stored as "Infinity"
        String id = api.createSession(token);
        Response patched = api.patch("/api/session/" + id, "{\"contextData\":{\"x\":1e400}}", token);
        assertThat(patched.status()).isEqualTo(400);
        assertThat(patched.errorMessage()).startsWith("contextData.x:");
        assertThat(api.get("/api/session/" + id, token).body().get("contextData").size()).isZero();
        // Whole numbers written as decimals are still fine, as before.
        assertThat(api.post("/api/session/create", "{\"audioConfig\":{\"sampleRate\":4.8e4}}", token).status())
                .isEqualTo(200);
    }

    @Test
    void dataProducerIntegersOutOfRangeAre400() {
        String token = api.newAccessToken();
        String id = api.createSession(token);
        for (String field : new String[] {"streamId", "maxRetransmits"}) {
            Response r = api.post("/api/webrtc/data-producer/create", "{\"sessionId\":\"" + id
                    + "\",\"sctpStreamParameters\":{\"" + field + "\":1e400}}", token);
            assertThat(r.status()).as(field).isEqualTo(400);
            assertThat(r.errorMessage()).as(field).startsWith("sctpStreamParameters." + field + ":");
        }
    }

    @Test
    void invalidUnicodeIsRefusedNotTurnedIntoQuestionMarks() {
        Response lone = api.post("/api/auth/register", "{\"deviceIdentifier\":\"phone-\\ud800\"}", null);
        assertThat(lone.status()).isEqualTo(400);
        assertThat(lone.errorMessage()).startsWith("deviceIdentifier:");
        Response lowFirst = api.post("/api/auth/register", "{\"deviceIdentifier\":\"phone-\\udc00\\ud800\"}", null);
        assertThat(lowFirst.status()).isEqualTo(400);
        // A real pair (an emoji) is valid Unicode and stays accepted.
        assertThat(api.post("/api/auth/register", "{\"deviceIdentifier\":\"phone-\\ud83d\\ude00-"
                + System.nanoTime() + "\"}", null).status()).isEqualTo(200);
        String token = api.newAccessToken();
        Response meta = api.post("/api/session/create", "{\"metadata\":{\"k\":\"\\udfff\"}}", token);
        assertThat(meta.status()).isEqualTo(400);
        assertThat(meta.errorMessage()).startsWith("metadata.k:");
        Response key = api.post("/api/session/create", "{\"metadata\":{\"\\ud800\":1}}", token);
        assertThat(key.status()).isEqualTo(400);
    }

    @Test
    void deepNestingIsRefusedNamingTheField() {
        String token = api.newAccessToken();
        String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
        Response r = api.post("/api/session/create", "{\"metadata\":" + deep + "}", token);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).startsWith("metadata.a.a");
        String ok = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
        assertThat(api.post("/api/session/create", "{\"metadata\":" + ok + "}", token).status()).isEqualTo(200);
    }

    @Test
    void sessionCreateTakesNoBodyAsAllDefaultsAndRefusesNonObjects() {
        String token = api.newAccessToken();
        assertThat(api.post("/api/session/create", null, token).status()).isEqualTo(200);
        assertThat(api.send(api.builder("/api/session/create", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(200);
        for (String body : new String[] {"[]", "42", "\"x\"", "true"}) {
            Response r = api.post("/api/session/create", body, token);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.errorCode()).as(body).isEqualTo("validation_error");
        }
    }

    @Test
    void metricsShowNoFilesystemPaths() {
        String text = api.get("/metrics", null).raw();
        assertThat(text).doesNotContain("path=\"/").doesNotContain(System.getProperty("user.dir"));
    }
}
