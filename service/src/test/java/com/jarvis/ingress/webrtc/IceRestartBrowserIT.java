package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.transport.DropReason;
import com.jarvis.ingress.media.transport.IceParameters;
import com.jarvis.ingress.media.transport.MediaCounters;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.Poll;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.StunProbe;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ICE restart in the browser mid-stream: Chromium's mediasoup-client streams the tone, calls
 * {@code transport/restart-ice} after 5 s and {@code transport.restartIce}, and streams on. The server keeps the
 * same transport and DTLS association (no second handshake), packets keep arriving after the restart, and the old
 * ufrag stops working once the browser checks with the new one.
 */
class IceRestartBrowserIT {
    static final int DURATION_MS = 12_000;
    static final int RESTART_AT_MS = 5_000;
    static final String DB = PostgresTestDatabase.create("ingress_ice_restart");

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    @Test
    void audioGoesOnOverTheSameTransportAfterAnIceRestart() throws Exception {
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379"))) {
            WebRtcService webrtc = svc.bean(WebRtcService.class);
            WebRtcServer server = svc.bean(WebRtcServer.class);
            MediaCounters counters = server.counters();
            CompletableFuture<List<JsonNode>> browser = CompletableFuture.supplyAsync(() -> {
                try {
                    return E2eHarness.runClient(List.of("node", "run-browser.mjs", "http://127.0.0.1:" + svc.port(),
                            "--duration=" + DURATION_MS, "--restart-ice-at=" + RESTART_AT_MS, "--keep-session"),
                            Map.of("E2E_PROXY", "1"), 180);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // Before the restart: one connected transport streaming; note its first credentials.
            Poll.until(() -> webrtc.sessionsWithMedia().size() == 1, "a transport", Duration.ofMillis(60_000));
            UUID sessionId = webrtc.sessionsWithMedia().iterator().next();
            WebRtcTransport transport = webrtc.transportOf(sessionId);
            IceParameters first = transport.iceParameters();
            Poll.until(() -> transport.stats().rtpPackets() > 50, "audio before the restart", Duration.ofMillis(60_000));
            assertThat(counters.iceRestarts()).isZero();
            assertThat(counters.dtlsHandshakes()).isEqualTo(1);

            // The browser restarts ICE; wait for its checks with the new ufrag (the old one is then retired).
            Poll.until(() -> counters.iceRestarts() == 1, "the browser's ICE restart", Duration.ofMillis(30_000));
            long atRestart = transport.stats().rtpPackets();
            IceParameters second = transport.iceParameters();
            assertThat(second.usernameFragment()).isNotEqualTo(first.usernameFragment());
            long stunBefore = counters.stunSuccesses();
            Poll.until(() -> counters.stunSuccesses() > stunBefore + 2, "checks with the new ufrag", Duration.ofMillis(10_000));

            InetSocketAddress udp = new InetSocketAddress("127.0.0.1", server.udpPort());
            long unknownBefore = counters.drops(DropReason.STUN_UNKNOWN_UFRAG);
            assertThat(StunProbe.check(udp, first.usernameFragment(), first.password())).as("old ufrag").isNull();
            assertThat(counters.drops(DropReason.STUN_UNKNOWN_UFRAG)).isGreaterThan(unknownBefore);
            assertThat(StunProbe.check(udp, second.usernameFragment(), second.password())).as("new ufrag")
                    .isEqualTo(StunClass.SUCCESS_RESPONSE);

            // Audio goes on over the same transport (sampled while the browser streams: it closes at the end).
            int expected = (DURATION_MS - RESTART_AT_MS) / 20 * 6 / 10;
            Poll.until(() -> transport.stats().rtpPackets() - atRestart > expected, "audio after the restart",
                    Duration.ofSeconds(30));
            assertThat(transport.stats().audioSecondsDecoded()).isGreaterThan(RESTART_AT_MS / 1000.0);
            assertThat(webrtc.transportOf(sessionId)).isSameAs(transport);
            assertThat(transport.isClosed()).isFalse();

            List<JsonNode> results = browser.get(180, TimeUnit.SECONDS);
            assertThat(results).hasSize(1);
            JsonNode result = results.get(0);
            assertThat(result.get("ok").asBoolean()).as("browser result %s", result).isTrue();
            assertThat(result.at("/iceRestart/usernameFragment").asString()).isEqualTo(second.usernameFragment());
            assertThat(result.get("stages").toString()).contains("ice-restarted");
            assertThat(result.get("connectionState").asString()).isEqualTo("connected");

            // Same transport, no second DTLS handshake.
            assertThat(result.get("transportId").asString()).isEqualTo(transport.id());
            assertThat(counters.transportsCreated()).isEqualTo(1);
            assertThat(counters.dtlsHandshakes()).isEqualTo(1);
        }
    }
}
