package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.net.Transport;
import com.jarvis.ingress.media.stun.StunResult;
import com.jarvis.ingress.media.stun.StunServer;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The service's built-in STUN server (STUN_PORT) against real clients: coturn's {@code turnutils_stunclient} and
 * Chromium's ICE gathering; the STUN URL handed to clients; its metrics; a taken port stops start-up clearly.
 */
class BuiltInStunIT {
    static final String DB = PostgresTestDatabase.create("ingress_stun");
    static int stunPort;
    static ServiceInstance svc;

    @BeforeAll
    static void start() throws Exception {
        E2eHarness.prepare();
        stunPort = WebRtcBrowserIT.freePortRange(1);
        svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB), "REDIS_URL",
                "redis://127.0.0.1:6379", "STUN_PORT", String.valueOf(stunPort)));
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
        }
    }

    private static StunServer stun() {
        return svc.bean(BuiltInStun.class).server();
    }

    @Test
    void clientsAreToldToUseItAtTheCandidateAddress() {
        ApiClient api = svc.api();
        String token = api.newAccessToken();
        String expected = "stun:127.0.0.1:" + stunPort;

        JsonNode servers = api.get("/api/webrtc/ice-servers", token).body().get("iceServers");
        assertThat(servers).hasSize(1);
        assertThat(servers.get(0).get("urls").get(0).asString()).isEqualTo(expected);
        assertThat(servers.get(0).has("username")).as("no credential for STUN").isFalse();

        String session = api.createSession(token);
        JsonNode created = api.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + session + "\"}", token).body();
        assertThat(created.at("/transportOptions/id").asString()).isNotEmpty();
        assertThat(created.at("/iceServers/0/urls/0").asString()).isEqualTo(expected);
    }

    @Test
    void turnutilsStunclientLearnsItsAddressAndMetricsCountIt() throws Exception {
        long before = stun().counters().get(Transport.UDP, StunResult.ANSWERED);
        Process p = new ProcessBuilder("/usr/bin/turnutils_stunclient", "-p", String.valueOf(stunPort), "127.0.0.1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("UDP reflexive addr: 127\\.0\\.0\\.1:(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        // Counted once the reply is sent, which can be just after the client has it and exits.
        assertThat(answeredAfter(before)).isGreaterThan(before);

        String metrics = svc.api().get("/metrics", null).raw();
        assertThat(WebRtcBrowserIT.metric(metrics, "ingress_stun_requests_total{result=\"answered\",transport=\"udp\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(metrics).contains("ingress_stun_requests_total{result=\"ignored\",transport=\"tcp\"} 0");
    }

    /**
     * Chromium given our STUN server as its only ICE server sends it Binding requests and gets answers. Without a
     * NAT between them the reflexive address equals Chromium's host address, and Chromium drops such a srflx
     * candidate as redundant, so none is expected here; the NAT tests (network namespaces) see one.
     */
    @Test
    void chromiumGatheringAsksIt() throws Exception {
        long before = stun().counters().get(Transport.UDP, StunResult.ANSWERED);
        JsonNode result = E2eHarness.gather(Map.of("timeoutMs", 10_000,
                "iceServers", List.of(Map.of("urls", List.of("stun:127.0.0.1:" + stunPort)))));
        assertThat(result.get("ok").asBoolean()).as("%s", result).isTrue();
        assertThat(result.get("gatheringComplete").asBoolean()).as("%s", result).isTrue();
        assertThat(result.get("candidateErrors")).as("no STUN errors: %s", result).isEmpty();
        result.get("candidates").forEach(c -> {
            if ("srflx".equals(c.get("type").asString())) {
                assertThat(c.get("url").asString()).contains(String.valueOf(stunPort));
            }
        });
        System.out.println("Chromium gathered with the built-in STUN server: " + result);
        assertThat(answeredAfter(before)).as("Binding requests Chromium sent").isGreaterThan(before);
    }

    /** The UDP answered count once it exceeds {@code before}, or as it stands after 5 s. */
    private static long answeredAfter(long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long now = stun().counters().get(Transport.UDP, StunResult.ANSWERED);
        while (now <= before && System.nanoTime() < deadline) {
            Thread.sleep(10);
            now = stun().counters().get(Transport.UDP, StunResult.ANSWERED);
        }
        return now;
    }

    @Test
    void aTakenStunPortStopsStartUpNamingIt() {
        assertThatThrownBy(() -> ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "STUN_PORT", String.valueOf(stunPort))))
                .rootCause().hasMessageContaining("STUN_PORT " + stunPort + " is already in use")
                .hasMessageContaining("STUN_PORT=0");
    }
}
