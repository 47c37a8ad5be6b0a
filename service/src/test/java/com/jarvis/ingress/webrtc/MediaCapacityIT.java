package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.transport.CloseReason;
import com.jarvis.ingress.media.transport.TransportState;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8.1: logged-in devices that create transports and never connect them cannot pin the instance's media
 * capacity or ports. Unconnected transports close at RTC_CONNECT_TIMEOUT_MS and give back their slot, port and
 * per-user quota; refusals say when to retry; a real client that connects in time is not affected.
 */
class MediaCapacityIT {
    static final String DB = PostgresTestDatabase.create("ingress_media_capacity");

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    private static ServiceInstance start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("DATABASE_URL", PostgresTestDatabase.url(DB));
        all.put("REDIS_URL", IntegrationTest.REDIS_URL);
        return ServiceInstance.start(all, WebRtcBrowserIT.Capture.class);
    }

    private static Response create(ApiClient api, String token, String sessionId) {
        return api.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessionId + "\"}", token);
    }

    private static void assertRefused(Response r, int status, String code, String retryAfter) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.raw()).isEqualTo(code);
        assertThat(r.headers().firstValue("Retry-After")).as(code).hasValue(retryAfter);
    }

    private static void assertCreated(Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().at("/transportOptions/id").asString()).isNotEmpty();
    }

    @Test
    void silentTransportsAreClosedAtTheConnectDeadlineAndCapacityAndQuotaReturn() throws Exception {
        try (ServiceInstance svc = start(Map.of("RTC_CONNECT_TIMEOUT_MS", "5000", "RTC_MAX_TRANSPORTS", "3",
                "RTC_MAX_TRANSPORTS_PER_USER", "2"))) {
            ApiClient api = svc.api();
            WebRtcServer server = svc.bean(WebRtcServer.class);
            WebRtcService webrtc = svc.bean(WebRtcService.class);
            String alice = api.newAccessToken();
            String bob = api.newAccessToken();
            String carol = api.newAccessToken();
            List<String> a = List.of(api.createSession(alice), api.createSession(alice), api.createSession(alice));
            String b = api.createSession(bob);
            String c = api.createSession(carol);

            // Alice may hold two transports; her third is refused while the first two are open.
            assertCreated(create(api, alice, a.get(0)));
            assertCreated(create(api, alice, a.get(1)));
            assertRefused(create(api, alice, a.get(2)), 429, "user_transport_limit", "5");
            // Re-creating a session's transport replaces it, so it does not count twice.
            assertCreated(create(api, alice, a.get(1)));
            // Bob takes the instance's last slot; Carol finds it full.
            assertCreated(create(api, bob, b));
            assertRefused(create(api, carol, c), 503, "media_capacity_reached", "5");
            assertThat(server.transportCount()).isEqualTo(3);

            // Nobody sends a single packet: at the deadline all three close and give everything back.
            DataChannelBrowserIT.await(() -> server.transportCount() == 0);
            assertThat(server.transportCount()).as("open after the deadline").isZero();
            for (String session : List.of(a.get(0), a.get(1), b)) {
                WebRtcTransport t = webrtc.transportOf(UUID.fromString(session));
                assertThat(t.closeReason()).isEqualTo(CloseReason.CONNECT_TIMEOUT);
                assertThat(t.state()).isEqualTo(TransportState.CLOSED);
            }
            assertThat(WebRtcBrowserIT.metric(api.get("/metrics", null).raw(),
                    "ingress_webrtc_transports_closed_total{reason=\"connect_timeout\"}")).isEqualTo(3.0);
            // The client learns its transport is gone.
            Response connect = api.post("/api/webrtc/transport/connect", WebRtcApiIT.connectBody(b, "sha-256",
                    WebRtcApiIT.FP_VALUE), bob);
            assertThat(connect.status()).as(connect.raw()).isEqualTo(409);
            assertThat(connect.errorCode()).isEqualTo("no_transport");

            // Capacity is back for Carol, quota is back for Alice.
            assertCreated(create(api, carol, c));
            assertCreated(create(api, alice, a.get(2)));
            assertCreated(create(api, alice, a.get(0)));
            assertRefused(create(api, alice, a.get(1)), 429, "user_transport_limit", "5");
            // Ending a session frees its slot of the quota at once.
            assertThat(api.delete("/api/session/" + a.get(0), alice).status()).isEqualTo(200);
            assertCreated(create(api, alice, a.get(1)));
        }
    }

    @Test
    void withPerTransportPortsTheDeadlineGivesThePortBack() throws Exception {
        int base = WebRtcBrowserIT.freePortRange(1);
        try (ServiceInstance svc = start(Map.of("RTC_CONNECT_TIMEOUT_MS", "3000", "RTC_SINGLE_PORT", "false",
                "RTC_MIN_PORT", String.valueOf(base), "RTC_MAX_PORT", String.valueOf(base)))) {
            ApiClient api = svc.api();
            WebRtcServer server = svc.bean(WebRtcServer.class);
            String alice = api.newAccessToken();
            String bob = api.newAccessToken();
            String a = api.createSession(alice);
            String b = api.createSession(bob);

            Response first = create(api, alice, a);
            assertCreated(first);
            assertThat(first.body().at("/transportOptions/iceCandidates/0/port").asInt()).isEqualTo(base);
            assertRefused(create(api, bob, b), 503, "media_ports_exhausted", "3");
            assertThat(server.portsInUse()).isEqualTo(1);

            DataChannelBrowserIT.await(() -> server.portsInUse() == 0);
            assertThat(server.portsInUse()).as("held after the deadline").isZero();
            Response second = create(api, bob, b);
            assertCreated(second);
            assertThat(second.body().at("/transportOptions/iceCandidates/0/port").asInt()).isEqualTo(base);
        }
    }

    /** A real libwebrtc client connects well inside a short deadline and keeps streaming long past it. */
    @Test
    void aRealClientConnectsInTimeAndStreamsPastTheDeadline() throws Exception {
        try (ServiceInstance svc = start(Map.of("RTC_CONNECT_TIMEOUT_MS", "5000"))) {
            List<JsonNode> results = WebRtcNodeLoadIT.runNode(svc, 1, 9_000);
            assertThat(results).hasSize(1);
            assertThat(WebRtcNodeLoadIT.checkSession(svc, results.get(0))).isNull();
            WebRtcTransport t = svc.bean(WebRtcService.class)
                    .transportOf(UUID.fromString(results.get(0).get("sessionId").asString()));
            assertThat(t.closeReason()).isNotEqualTo(CloseReason.CONNECT_TIMEOUT);
            assertThat(svc.bean(WebRtcServer.class).counters().transportsClosed(CloseReason.CONNECT_TIMEOUT)).isZero();
            WebRtcNodeLoadIT.endSessions(svc, results);
        }
    }
}
