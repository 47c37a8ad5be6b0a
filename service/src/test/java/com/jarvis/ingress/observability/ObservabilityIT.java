package com.jarvis.ingress.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.session.OpenSessionsGauge;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** /metrics names and labels, correlation ids in logs and headers, health endpoints of a healthy service. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends IntegrationTest {
    @Autowired
    OpenSessionsGauge openSessions;

    @Test
    void metricsCarryEverySpecNameWithItsLabels() throws Exception {
        double sessionsBefore = value(scrape(), "ingress_sessions_total");
        String token = api.newAccessToken();
        String sessionId = api.createSession(token);
        assertThat(api.get("/no/such/route", null).status()).isEqualTo(404);
        assertThat(api.get("/api/session/" + sessionId, null).status()).isEqualTo(401);
        assertThat(api.get("/api/session/" + sessionId, "not-a-token").status()).isEqualTo(401);
        openSessions.refresh();

        String metrics = scrape();
        assertThat(value(metrics, "ingress_sessions_total")).isGreaterThanOrEqualTo(sessionsBefore + 1);
        assertThat(value(metrics, "ingress_sessions_active")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).containsPattern("(?m)^http_request_duration_seconds_bucket\\{.*method=\"POST\",route=\"/api/session/create\",status_code=\"200\"")
                .containsPattern("(?m)^http_request_duration_seconds_count\\{method=\"GET\",route=\"unmatched\",status_code=\"404\"}")
                .containsPattern("(?m)^http_request_duration_seconds_sum\\{method=\"GET\",route=\"/api/session/\\{sessionId}\",status_code=\"401\"}")
                .containsPattern("(?m)^# TYPE http_request_duration_seconds histogram")
                .contains("ingress_webrtc_connections_total ", "ingress_webrtc_connections_active ",
                        "ingress_audio_chunks_received_total{source=\"rtp\"} ",
                        "ingress_audio_chunks_received_total{source=\"datachannel\"} ",
                        "ingress_audio_bytes_received_total{source=\"rtp\"} ",
                        "ingress_audio_bytes_received_total{source=\"datachannel\"} ",
                        "ingress_auth_attempts_total{status=\"failure\"} ",
                        "ingress_errors_total{endpoint=\"unmatched\",type=\"not_found\"} ",
                        "ingress_errors_total{endpoint=\"/api/session/{sessionId}\",type=\"missing_token\"} ",
                        "jvm_memory_used_bytes{", "jvm_threads_live_threads ", "process_cpu_usage ",
                        "process_uptime_seconds ")
                .doesNotContain(sessionId, "http_server_requests");
        assertThat(value(metrics, "ingress_auth_attempts_total{status=\"success\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "ingress_auth_attempts_total{status=\"failure\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void metricsPassPromtool() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool (Debian package prometheus) not installed");
        api.createSession(api.newAccessToken());
        api.get("/no/such/route", null);
        Path file = Files.createTempFile("metrics", ".txt");
        Files.writeString(file, scrape());
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        Files.delete(file);
    }

    @Test
    void requestIdFromTheHeaderIsLoggedOnThatRequestsLinesAndReturned(CapturedOutput output) {
        String id = "test-" + UUID.randomUUID();
        String token = api.newAccessToken();
        Response r = api.send(api.builder("/api/session/create", token).header("X-Request-Id", id)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue(id);
        List<String> lines = output.getOut().lines().filter(l -> l.contains(id)).toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}")
                .contains("\"requestId\":\"" + id + "\"").contains("\"timestamp\":", "\"level\":", "\"logger\":",
                        "\"message\":"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"logger\":\"com.jarvis.ingress.access\"",
                "\"route\":\"/api/session/create\"", "\"status\":200", "\"durationMs\":"));
        assertThat(output.getOut()).doesNotContain(token);
    }

    @Test
    void requestIdIsGeneratedWhenAbsentAndReplacedWhenBad() {
        Response absent = api.get("/health/live", null);
        String generated = absent.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(UUID.fromString(generated)).isNotNull();
        for (String bad : List.of("x".repeat(129), "has space", "")) {
            Response r = api.send(api.builder("/health/live", null).header("X-Request-Id", bad).GET());
            String returned = r.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(returned).isNotEqualTo(bad);
            assertThat(UUID.fromString(returned)).isNotNull();
        }
        String max = "a".repeat(128);
        assertThat(api.send(api.builder("/health/live", null).header("X-Request-Id", max).GET()).headers()
                .firstValue("X-Request-Id")).hasValue(max);
    }

    @Test
    void healthEndpointsOfAHealthyService() {
        Response health = api.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("ok");
        assertThat(health.body().at("/components/database/status").asString()).isEqualTo("up");
        assertThat(health.body().at("/components/redis/status").asString()).isEqualTo("up");
        assertThat(api.get("/health/live", null).status()).isEqualTo(200);
        Response ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.text("status")).isEqualTo("ready");
    }

    private String scrape() {
        Response r = api.get("/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return r.raw();
    }

    /** The sample value of a series given by its name and exact label set as printed. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
