package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.session.SessionStats;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * The proof: an unmodified mediasoup-client in Debian's Chromium (fake microphone playing a 440 Hz tone) registers,
 * creates a session, connects a send transport and produces for 10 s; the server must have received and decoded
 * the tone. The UDP case runs with each Opus decoder ({@code OPUS_DECODER=native} and {@code java}).
 */
class WebRtcBrowserIT {
    static final int DURATION_MS = 10_000;
    static final String DB = PostgresTestDatabase.create("ingress_webrtc");

    /** Passed as a source; not a {@code @Configuration}, so component scanning does not add it everywhere. */
    public static class Capture {
        @Bean
        CapturingAudioListener capturingAudioListener() {
            return new CapturingAudioListener();
        }
    }

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    private static ServiceInstance start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379", "SESSION_EXTEND_INTERVAL", "2s"));
        env.putAll(extra);
        return ServiceInstance.start(env, Capture.class);
    }

    private static JsonNode runBrowser(ServiceInstance svc) throws Exception {
        List<JsonNode> results = E2eHarness.runClient(List.of("node", "run-browser.mjs",
                "http://127.0.0.1:" + svc.port(), "--duration=" + DURATION_MS, "--keep-session"),
                Map.of("E2E_PROXY", "1"), 180);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    /** Everything the server must show after the browser streamed the tone. */
    private static void assertToneReceived(ServiceInstance svc, JsonNode result) {
        assertThat(result.get("ok").asBoolean()).as("browser result %s", result).isTrue();
        long sent = result.get("packetsSent").asLong();
        assertThat(sent).isGreaterThan(DURATION_MS / 20 * 8 / 10);
        UUID sessionId = UUID.fromString(result.get("sessionId").asString());

        SessionStats stats = svc.bean(WebRtcService.class).stats(sessionId);
        com.jarvis.ingress.media.transport.MediaCounters counters =
                svc.bean(com.jarvis.ingress.media.transport.WebRtcServer.class).counters();
        StringBuilder drops = new StringBuilder();
        for (com.jarvis.ingress.media.transport.DropReason r : com.jarvis.ingress.media.transport.DropReason.values()) {
            if (counters.drops(r) > 0) {
                drops.append(r).append('=').append(counters.drops(r)).append(' ');
            }
        }
        System.out.println("media drops: " + drops + " rtp=" + counters.rtpPackets() + " rtpParameters="
                + result.get("rtpParameters"));
        assertThat(stats.packets()).as("RTP packets received of %d sent", sent).isGreaterThanOrEqualTo((long) (sent * 0.95));
        assertThat(stats.audioSeconds()).isGreaterThan(sent * 0.02 * 0.9);

        CapturingAudioListener.Capture capture = svc.bean(CapturingAudioListener.class).capture(sessionId);
        short[] pcm = capture.pcm();
        assertThat(pcm.length).isGreaterThan(16000 * 5);
        assertThat(capture.rtpThreads()).as("decoded off the I/O threads").isNotEmpty()
                .allMatch(t -> t.startsWith("opus-decode-"));
        // Analyse a second in the middle, past the start-up of the fake microphone.
        double hz = ToneAnalyzer.dominantFrequency(pcm, pcm.length / 2, 16000, 16000);
        assertThat(hz).isBetween(430.0, 450.0);
        assertThat(ToneAnalyzer.rmsDbfs(pcm, pcm.length / 2, 16000)).isGreaterThan(-40.0);

        ApiClient api = svc.api();
        String token = result.get("accessToken").asString();
        JsonNode session = api.get("/api/session/" + sessionId, token).body();
        assertThat(session.get("status").asString()).isEqualTo("active");
        assertThat(session.at("/stats/packets").asLong()).isGreaterThanOrEqualTo(stats.packets());
        assertThat(session.at("/stats/audioSeconds").asDouble()).isGreaterThan(5.0);
        // While audio flowed, expiresAt moved past creation + SESSION_TTL (1 h).
        java.time.Duration lifetime = java.time.Duration.between(java.time.Instant.parse(session.get("createdAt").asString()),
                java.time.Instant.parse(session.get("expiresAt").asString()));
        assertThat(lifetime).isGreaterThan(java.time.Duration.ofHours(1).plusSeconds(2));

        // The spec's metrics count it: one chunk per RTP packet, payload bytes, one connection.
        String metrics = api.get("/metrics", null).raw();
        assertThat(metric(metrics, "ingress_audio_chunks_received_total{source=\"rtp\"}")).isGreaterThanOrEqualTo(stats.packets());
        assertThat(metric(metrics, "ingress_audio_bytes_received_total{source=\"rtp\"}")).isGreaterThanOrEqualTo(stats.bytes());
        assertThat(metric(metrics, "ingress_webrtc_connections_total")).isGreaterThanOrEqualTo(1.0);
        // Ours beside them (shared port and per-transport ports alike): the sockets, the handshake and RTCP.
        assertThat(metric(metrics, "ingress_media_socket_events_total{event=\"received\",protocol=\"udp\"}")
                + metric(metrics, "ingress_media_socket_events_total{event=\"received\",protocol=\"tcp\"}"))
                .isGreaterThanOrEqualTo(stats.packets());
        assertThat(metric(metrics, "ingress_media_socket_events_total{event=\"sent\",protocol=\"udp\"}")
                + metric(metrics, "ingress_media_socket_events_total{event=\"sent\",protocol=\"tcp\"}"))
                .isPositive();
        assertThat(metric(metrics, "ingress_media_socket_events_total{event=\"handler_error\",protocol=\"udp\"}"))
                .isZero();
        assertThat(metric(metrics, "ingress_media_dtls_handshakes_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(metric(metrics, "ingress_media_rtcp_packets_received_total")).isPositive();
        assertThat(metric(metrics, "ingress_media_rtcp_receiver_reports_sent_total")).isPositive();

        // Ending the session frees its transport; no frame follows the end of its audio.
        assertThat(api.delete("/api/session/" + sessionId, token).status()).isEqualTo(200);
        assertThat(svc.bean(WebRtcService.class).transportOf(sessionId)).isNull();
        assertThat(capture.ended()).isTrue();
        assertThat(capture.framesAfterEnd()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "java"})
    void chromiumStreamsTheToneOverUdp(String decoder) throws Exception {
        try (ServiceInstance svc = start(Map.of("OPUS_DECODER", decoder))) {
            assertThat(svc.bean(com.jarvis.ingress.media.transport.WebRtcServer.class).opusDecoders().implementation()
                    .wire()).isEqualTo(decoder);
            assertToneReceived(svc, runBrowser(svc));
        }
    }

    @Test
    void chromiumStreamsTheToneOverIceTcp() throws Exception {
        try (ServiceInstance svc = start(Map.of("RTC_ENABLE_UDP", "false"))) {
            JsonNode result = runBrowser(svc);
            assertToneReceived(svc, result);
        }
    }

    @Test
    void chromiumStreamsTheToneWithPerTransportPorts() throws Exception {
        int base = freePortRange(20);
        try (ServiceInstance svc = start(Map.of("RTC_SINGLE_PORT", "false", "RTC_MIN_PORT", String.valueOf(base),
                "RTC_MAX_PORT", String.valueOf(base + 19)))) {
            assertToneReceived(svc, runBrowser(svc));
        }
    }

    static double metric(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError(series + " not in /metrics");
    }

    /** A run of free UDP+TCP ports, so parallel builds on this machine never collide. */
    static int freePortRange(int count) throws Exception {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + random.nextInt(30000);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                try (DatagramSocket u = new DatagramSocket(p); ServerSocket t = new ServerSocket(p)) {
                    free = u.isBound() && t.isBound();
                } catch (Exception e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }
}
