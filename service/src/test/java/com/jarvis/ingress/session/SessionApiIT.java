package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionApiIT extends IntegrationTest {
    private static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void createReturnsPendingWithExpiryOneTtlAhead() {
        String token = api.newAccessToken();
        Response r = api.post("/api/session/create", """
                {"audioConfig":{"sampleRate":16000,"channels":1,"bitDepth":16,"codec":"opus"},
                 "voiceConfig":{"voiceId":"default","speed":1.0,"pitch":1.0,"language":"en-US"},
                 "metadata":{"clientVersion":"1.0.0"}}""", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().propertyNames()).containsExactlyInAnyOrder("sessionId", "status", "expiresAt");
        assertThat(r.text("status")).isEqualTo("pending");
        assertThat(r.text("expiresAt")).matches(ISO);
        Duration ahead = Duration.between(Instant.now(), Instant.parse(r.text("expiresAt")));
        assertThat(ahead).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }

    @Test
    void getShowsTheSpecShapeWithDefaultsFilled() {
        String token = api.newAccessToken();
        String id = api.post("/api/session/create", "{\"audioConfig\":{\"codec\":\"pcm\",\"sampleRate\":48000},"
                + "\"metadata\":{\"clientVersion\":\"2.1\"}}", token).text("sessionId");
        Response r = api.get("/api/session/" + id, token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().propertyNames()).contains("sessionId", "status", "contextData", "createdAt", "updatedAt",
                "expiresAt");
        assertThat(r.text("sessionId")).isEqualTo(id);
        assertThat(r.body().get("contextData").isObject()).isTrue();
        assertThat(r.text("createdAt")).matches(ISO);
        assertThat(r.text("updatedAt")).matches(ISO);
        assertThat(r.body().at("/audioConfig/codec").asString()).isEqualTo("pcm");
        assertThat(r.body().at("/audioConfig/sampleRate").asInt()).isEqualTo(48000);
        assertThat(r.body().at("/audioConfig/channels").asInt()).isEqualTo(1);
        assertThat(r.body().at("/voiceConfig/language").asString()).isEqualTo("en-US");
        assertThat(r.body().at("/metadata/clientVersion").asString()).isEqualTo("2.1");
    }

    @Test
    void patchUpdatesContextAndVoiceAndIsVisibleThroughTheCache() {
        String token = api.newAccessToken();
        String id = api.createSession(token);
        api.get("/api/session/" + id, token); // now cached
        Response p = api.patch("/api/session/" + id,
                "{\"contextData\":{\"turns\":[\"hello\"],\"preferences\":{\"units\":\"metric\"}},"
                        + "\"voiceConfig\":{\"speed\":1.5,\"language\":\"de-DE\"}}", token);
        assertThat(p.status()).isEqualTo(200);
        Response r = api.get("/api/session/" + id, token);
        assertThat(r.body().at("/contextData/preferences/units").asString()).isEqualTo("metric");
        assertThat(r.body().at("/voiceConfig/speed").asDouble()).isEqualTo(1.5);
        assertThat(r.body().at("/voiceConfig/pitch").asDouble()).isEqualTo(1.0);
        assertThat(r.body().at("/voiceConfig/language").asString()).isEqualTo("de-DE");
    }

    @Test
    void contextDataIsLimitedTo64KiB() {
        String token = api.newAccessToken();
        String id = api.createSession(token);
        String big = "x".repeat(65 * 1024);
        Response r = api.patch("/api/session/" + id, "{\"contextData\":{\"blob\":\"" + big + "\"}}", token);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).startsWith("contextData");
        String fits = "x".repeat(60 * 1024);
        assertThat(api.patch("/api/session/" + id, "{\"contextData\":{\"blob\":\"" + fits + "\"}}", token).status())
                .isEqualTo(200);
    }

    @Test
    void deleteEndsTheSessionAndKeepsItAsHistory() {
        String token = api.newAccessToken();
        String id = api.createSession(token);
        api.get("/api/session/" + id, token);
        Response d = api.delete("/api/session/" + id, token);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.body().get("success").asBoolean()).isTrue();
        assertThat(d.text("message")).isEqualTo("Session ended successfully");
        Response r = api.get("/api/session/" + id, token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("status")).isEqualTo("ended");
        Response patch = api.patch("/api/session/" + id, "{\"contextData\":{}}", token);
        assertThat(patch.status()).isEqualTo(409);
        assertThat(api.delete("/api/session/" + id, token).status()).isEqualTo(200);
    }

    @Test
    void usersNeverSeeEachOthersSessions() {
        String alice = api.newAccessToken();
        String bob = api.newAccessToken();
        String id = api.createSession(alice);
        for (Response r : List.of(api.get("/api/session/" + id, bob),
                api.patch("/api/session/" + id, "{\"contextData\":{}}", bob),
                api.delete("/api/session/" + id, bob))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_found");
        }
        Response unknown = api.get("/api/session/" + UUID.randomUUID(), bob);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.raw()).isEqualTo(api.get("/api/session/" + id, bob).raw());
        assertThat(api.get("/api/session/" + id, alice).text("status")).isEqualTo("pending");
        assertThat(api.get("/api/sessions", bob).body().get("sessions").size()).isZero();
    }

    @Test
    void listIsNewestFirstAndPaginated() {
        String token = api.newAccessToken();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.createSession(token));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get("/api/sessions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(page.status()).isEqualTo(200);
            page.body().get("sessions").forEach(s -> seen.add(s.get("sessionId").asString()));
            cursor = page.body().get("nextCursor").isNull() ? null : page.text("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).isEqualTo(newestFirst);

        api.delete("/api/session/" + ids.get(0), token);
        Response ended = api.get("/api/sessions?status=ended", token);
        assertThat(ended.body().get("sessions")).hasSize(1);
        assertThat(ended.body().get("sessions").get(0).get("sessionId").asString()).isEqualTo(ids.get(0));
    }
}
