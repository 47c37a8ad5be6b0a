package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.session.SessionStats;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Concurrency with real libwebrtc: 20 mediasoup-client sessions in one Node process (@roamhq/wrtc, handler
 * Chrome111) stream a 440 Hz sine at once; every one must connect, arrive almost whole, decode to the tone, and
 * leave nothing behind once its session is deleted; with each Opus decoder ({@code OPUS_DECODER=native}, {@code java}).
 */
class WebRtcNodeLoadIT {
    static final int SESSIONS = 20;
    static final int DURATION_MS = 10_000;
    static final String DB = PostgresTestDatabase.create("ingress_webrtc_load");

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    /** Runs {@code node run-node.mjs n} against the instance, keeping the sessions open for inspection. */
    static List<JsonNode> runNode(ServiceInstance svc, int sessions, int durationMs) throws Exception {
        return E2eHarness.runClient(List.of("node", "run-node.mjs", String.valueOf(sessions),
                "http://127.0.0.1:" + svc.port(), "--duration=" + durationMs, "--keep-session"), Map.of(), 240);
    }

    static ServiceInstance start() {
        return start("auto");
    }

    static ServiceInstance start(String decoder) {
        return ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379", "OPUS_DECODER", decoder), WebRtcBrowserIT.Capture.class);
    }

    /**
     * One session's server-side view against what its client says it sent: connected, >= 95% of the packets, and the
     * decoded audio is the 440 Hz tone. Returns a problem description, or null.
     */
    static String checkSession(ServiceInstance svc, JsonNode result) {
        if (!result.get("ok").asBoolean()) {
            return "client failed: " + result.get("errors") + " stages " + result.get("stages");
        }
        UUID sessionId = UUID.fromString(result.get("sessionId").asString());
        long sent = result.get("packetsSent").asLong();
        SessionStats stats = svc.bean(WebRtcService.class).stats(sessionId);
        if (sent < 100 || stats.packets() < sent * 0.95) {
            return sessionId + ": received " + stats.packets() + " of " + sent + " packets";
        }
        CapturingAudioListener.Capture capture = svc.bean(CapturingAudioListener.class).capture(sessionId);
        short[] pcm = capture == null ? new short[0] : capture.pcm();
        if (pcm.length < 16000 * 3) {
            return sessionId + ": only " + pcm.length + " samples decoded";
        }
        double hz = ToneAnalyzer.dominantFrequency(pcm, pcm.length / 2, 16000, 16000);
        if (Math.abs(hz - 440) > 10) {
            return sessionId + ": decoded tone is " + hz + " Hz";
        }
        return null;
    }

    /** The non-zero drop counters, for the test output. */
    static String drops(com.jarvis.ingress.media.transport.MediaCounters counters) {
        StringBuilder sb = new StringBuilder("drops:");
        for (com.jarvis.ingress.media.transport.DropReason r : com.jarvis.ingress.media.transport.DropReason.values()) {
            if (counters.drops(r) > 0) {
                sb.append(' ').append(r).append('=').append(counters.drops(r));
            }
        }
        return sb.append(" rtp=").append(counters.rtpPackets()).toString();
    }

    static void endSessions(ServiceInstance svc, List<JsonNode> results) {
        ApiClient api = svc.api();
        for (JsonNode r : results) {
            if (r.hasNonNull("sessionId")) {
                assertThat(api.delete("/api/session/" + r.get("sessionId").asString(),
                        r.get("accessToken").asString()).status()).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "native"})
    void twentyConcurrentNodeSessionsAllStreamTheTone(String decoder) throws Exception {
        try (ServiceInstance svc = start(decoder)) {
            assertThat(svc.bean(WebRtcServer.class).opusDecoders().implementation().wire()).isEqualTo(decoder);
            List<JsonNode> results = runNode(svc, SESSIONS, DURATION_MS);
            assertThat(results).hasSize(SESSIONS);
            List<String> problems = new ArrayList<>();
            for (JsonNode r : results) {
                assertThat(r.get("handlerName").asString()).isEqualTo("Chrome111");
                String problem = checkSession(svc, r);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            System.out.println("node load: " + drops(svc.bean(WebRtcServer.class).counters()));
            assertThat(problems).isEmpty();

            WebRtcService webrtc = svc.bean(WebRtcService.class);
            assertThat(webrtc.transportCount()).isEqualTo(SESSIONS);
            endSessions(svc, results);
            assertThat(webrtc.transportCount()).isZero();
            assertThat(svc.bean(WebRtcServer.class).transportCount()).isZero();
            for (JsonNode r : results) {
                CapturingAudioListener.Capture capture = svc.bean(CapturingAudioListener.class)
                        .capture(UUID.fromString(r.get("sessionId").asString()));
                assertThat(capture.ended()).isTrue();
                assertThat(capture.framesAfterEnd()).isZero();
            }
        }
    }
}
