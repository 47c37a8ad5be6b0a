package com.jarvis.ingress.asr;

import static com.jarvis.ingress.asr.AsrTesting.assertInSequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AudioFrame;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code grpcs://} with ASR_GATEWAY_CA_FILE: the gateway serves TLS with a certificate of a private CA (made with
 * openssl for the test) and audio arrives; and ASR_MAX_SESSIONS=1 bounds the sessions forwarded at once (audio of
 * the others is dropped and counted, not buffered).
 */
class AsrGatewayTlsIT {
    static final String DB = PostgresTestDatabase.create("ingress_asr_tls");
    static Path dir;
    static TestAsrGateway gateway;
    static ServiceInstance svc;

    @BeforeAll
    static void start() throws Exception {
        E2eHarness.prepare();
        dir = Files.createTempDirectory("asr-tls");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        gateway = new TestAsrGateway().tls(dir.resolve("cert.pem").toFile(), dir.resolve("key.pem").toFile()).start();
        svc = AsrTesting.start(DB, gateway, Map.of("ASR_GATEWAY_CA_FILE", dir.resolve("cert.pem").toString(),
                "ASR_MAX_SESSIONS", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (svc != null) {
            svc.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (String f : new String[] {"cert.pem", "key.pem"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void audioReachesATlsGatewayTrustedThroughTheCaFile() throws Exception {
        assertThat(gateway.url()).startsWith("grpcs://");
        JsonNode result = AsrTesting.dataClient(svc, 50).get(120, TimeUnit.SECONDS);
        List<AudioFrame> frames = AsrTesting.awaitEndOfStream(gateway, AsrTesting.sessionId(result));
        assertInSequence(frames, 0);
        assertThat(AsrTesting.pcm(frames)).hasSize(50 * 320);
        assertThat(svc.api().get("/health", null).raw()).contains("\"asrGateway\":{\"status\":\"up\"}");
    }

    @Test
    void sessionsBeyondTheLimitAreNotForwardedButCounted() throws Exception {
        AsrForwarder forwarder = svc.bean(AsrForwarder.class);
        AsrMetrics metrics = svc.bean(AsrMetrics.class);
        AsrTesting.await(Duration.ofSeconds(30), "no stream open", () -> forwarder.streamCount() == 0);
        double before = metrics.droppedFrames(AsrMetrics.DropReason.session_limit);
        List<JsonNode> results = AsrTesting.dataClients(svc, 2, 100).get(120, TimeUnit.SECONDS);
        // Both sessions ended; only the one that started first was forwarded.
        AsrTesting.await(Duration.ofSeconds(30), "end_of_stream", () -> results.stream()
                .anyMatch(r -> gateway.frames(AsrTesting.sessionId(r)).stream().anyMatch(AudioFrame::getEndOfStream)));
        long forwarded = results.stream().filter(r -> !gateway.frames(AsrTesting.sessionId(r)).isEmpty()).count();
        assertThat(forwarded).isEqualTo(1);
        assertThat(metrics.droppedFrames(AsrMetrics.DropReason.session_limit) - before).isGreaterThan(0);
        assertThat(forwarder.streamCount()).isLessThanOrEqualTo(1);
    }
}
