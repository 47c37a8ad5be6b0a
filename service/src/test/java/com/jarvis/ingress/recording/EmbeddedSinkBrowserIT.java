package com.jarvis.ingress.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.support.AudioEnvelope;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.StoredAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default end to end: with no ASR_GATEWAY_URL, an unmodified mediasoup-client in Debian's Chromium
 * streams speech (e2e/speech.wav as its fake microphone) for 10 s, and what {@code GET /api/session/:id/audio}
 * returns is that speech: as long as the audio sent (within 5%) and with the same loudness envelope (normalised
 * cross-correlation of 20 ms envelopes ≥ 0.8 after aligning for delay). Data-channel audio chunks land in the
 * same kind of file.
 */
class EmbeddedSinkBrowserIT {
    static final int DURATION_MS = 10_000;
    static final String DB = PostgresTestDatabase.create("ingress_sink");
    static Path dataDir;
    static ServiceInstance svc;

    @BeforeAll
    static void start() throws Exception {
        E2eHarness.prepare();
        dataDir = Files.createTempDirectory("sink-it");
        svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379", "DATA_DIR", dataDir.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (svc != null) {
            svc.close();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The stored WAV through the API, once the session ended and the file is final. */
    static AudioEnvelope.Pcm storedAudio(String sessionId, String token) throws Exception {
        assertThat(svc.api().delete("/api/session/" + sessionId, token).status()).isEqualTo(200);
        return StoredAudio.finalWav(svc.api(), sessionId, token);
    }

    @Test
    void chromiumSpeechIsStoredAsTheWavTheApiReturns() throws Exception {
        List<JsonNode> results = E2eHarness.runClient(List.of("node", "run-browser.mjs",
                "http://127.0.0.1:" + svc.port(), "--duration=" + DURATION_MS, "--keep-session",
                "--wav=" + E2eHarness.SPEECH_WAV), Map.of("E2E_PROXY", "1"), 180);
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.get("ok").asBoolean()).as("browser result %s", result).isTrue();
        String sessionId = result.get("sessionId").asString();
        String token = result.get("accessToken").asString();
        // Chromium's Opus sends one packet per 20 ms.
        double secondsSent = result.get("packetsSent").asLong() * 0.020;
        assertThat(secondsSent).isGreaterThan(DURATION_MS / 1000.0 * 0.8);

        AudioEnvelope.Pcm stored = storedAudio(sessionId, token);
        assertThat(stored.sampleRate()).isEqualTo(16_000);
        System.out.printf("sent %.2f s, stored %.2f s%n", secondsSent, stored.seconds());
        assertThat(stored.seconds()).isCloseTo(secondsSent, within(secondsSent * 0.05));

        // Chromium loops the 12 s file and starts it when the track is created, shortly before producing:
        // compare with two loops of the source and let the alignment find where in it the stream started.
        AudioEnvelope.Pcm source = AudioEnvelope.readWav(E2eHarness.SPEECH_WAV);
        AudioEnvelope.Alignment a = AudioEnvelope.bestAlignment(AudioEnvelope.repeat(source.envelope(), 2),
                stored.envelope(), source.seconds());
        System.out.printf("envelope correlation %.3f at delay %.2f s%n", a.correlation(), a.delaySeconds());
        assertThat(a.correlation()).isGreaterThanOrEqualTo(0.8);

        String metrics = svc.api().get("/metrics", null).raw();
        assertThat(metrics).containsPattern("ingress_audio_sink_bytes_written_total(\\{[^}]*\\})? [1-9]");
        assertThat(metrics).contains("ingress_audio_sink_frames_dropped_total{reason=\"queue_full\"} 0.0");
    }

    @Test
    void dataChannelAudioChunksAreStoredToo() throws Exception {
        // One session streaming 100 PCM chunks of 20 ms of a 440 Hz tone (48 kHz stereo, resampled by the service).
        String plan = """
                {"sessions":[
                 {"audioConfig":{"sampleRate":48000,"channels":2,"bitDepth":16,"codec":"pcm"},
                  "channels":[{"name":"tone","how":"produce","payload":"pcm","stream":{"count":100,"intervalMs":20}}]}]}
                """;
        Path file = Files.createTempFile("sink-plan", ".json");
        Files.writeString(file, plan);
        List<JsonNode> results = E2eHarness.runClient(List.of("node", "run-browser.mjs",
                "http://127.0.0.1:" + svc.port(), "--mode=data", "--plan=" + file, "--keep-session"),
                Map.of("E2E_PROXY", "1"), 300);
        Files.deleteIfExists(file);
        assertThat(results).hasSize(1);
        JsonNode r = results.get(0);
        assertThat(r.get("ok").asBoolean()).as("browser result %s", r).isTrue();

        AudioEnvelope.Pcm stored = storedAudio(r.get("sessionId").asString(), r.get("accessToken").asString());
        assertThat(stored.seconds()).isCloseTo(2.0, within(0.1));
        double hz = ToneAnalyzer.dominantFrequency(stored.samples(), 8000, 16000, 16000);
        assertThat(hz).isBetween(430.0, 450.0);
    }
}
