package com.jarvis.ingress.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.AudioEnvelope;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/session/:id/audio} on the real service (PostgreSQL, Redis): owner only with JSON errors, a valid
 * WAV while the session still streams, Range requests; and retention driven by the database's end times. Audio
 * enters through the sink's {@link com.jarvis.ingress.webrtc.SessionAudioListener} interface, as the media plane
 * hands it (the browser tests cover the media plane itself).
 */
class AudioApiIT {
    static final String DB = PostgresTestDatabase.create("ingress_audio");
    static Path dataDir;
    static Path orphan;
    static ServiceInstance svc;
    static ApiClient api;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("audio-it");
        // A file left by an earlier run for a session the database does not know, written long ago: the start-up
        // sweep deletes it.
        Files.createDirectories(dataDir.resolve("audio"));
        orphan = dataDir.resolve("audio").resolve(UUID.randomUUID() + ".wav");
        Files.write(orphan, WavFormat.header(0));
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379", "DATA_DIR", dataDir.toString(), "AUDIO_RETENTION", "2s"));
        api = svc.api();
    }

    @AfterAll
    static void stop() throws Exception {
        if (svc != null) {
            svc.close();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void feed(UUID session, int fromFrame, int frames) {
        AudioRecorder recorder = svc.bean(AudioRecorder.class);
        for (int k = fromFrame; k < fromFrame + frames; k++) {
            short[] pcm = new short[320];
            for (int i = 0; i < 320; i++) {
                pcm[i] = (short) (k * 320 + i);
            }
            recorder.onAudio(session, AudioFrame.of(pcm, 320));
        }
    }

    static HttpResponse<byte[]> getAudio(String sessionId, String token, String range) throws Exception {
        HttpRequest.Builder b = api.builder("/api/session/" + sessionId + "/audio", token).GET();
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 15 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static double secondsServed(String sessionId, String token) {
        try {
            HttpResponse<byte[]> r = getAudio(sessionId, token, null);
            return r.statusCode() == 200 ? AudioEnvelope.readWav(r.body()).seconds() : -1;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theOwnerGetsAValidWavWhileAudioStillFlowsAndTheCompleteOneAfter() throws Exception {
        String token = api.newAccessToken();
        String id = api.createSession(token);
        UUID session = UUID.fromString(id);
        feed(session, 0, 50);
        await(() -> secondsServed(id, token) == 1.0);

        HttpResponse<byte[]> r = getAudio(id, token, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"" + id + ".wav\"");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        short[] samples = AudioEnvelope.readWav(r.body()).samples();
        assertThat(samples).hasSize(16_000);
        assertThat(samples[12_345]).isEqualTo((short) 12_345);

        // Still streaming: more audio shows up in the next GET; ending the session finishes the file.
        feed(session, 50, 25);
        await(() -> secondsServed(id, token) == 1.5);
        assertThat(api.delete("/api/session/" + id, token).status()).isEqualTo(200);
        svc.bean(AudioRecorder.class).onAudioEnded(session);
        Path file = dataDir.resolve("audio").resolve(id + ".wav");
        await(() -> {
            try {
                return AudioEnvelope.readWav(file).seconds() == 1.5;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(secondsServed(id, token)).isEqualTo(1.5);
    }

    @Test
    void rangeRequestsGetPartialContent() throws Exception {
        String token = api.newAccessToken();
        String id = api.createSession(token);
        feed(UUID.fromString(id), 0, 10);
        await(() -> secondsServed(id, token) == 0.2);
        HttpResponse<byte[]> head = getAudio(id, token, "bytes=0-43");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(new String(head.body(), 0, 4)).isEqualTo("RIFF");
        assertThat(head.body()).hasSize(44);
        assertThat(head.headers().firstValue("Content-Range")).hasValue("bytes 0-43/" + (44 + 6400));
        HttpResponse<byte[]> tail = getAudio(id, token, "bytes=6440-");
        assertThat(tail.statusCode()).isEqualTo(206);
        // the last sample: 10 * 320 - 1 = 3199 = 0x0C7F, little-endian
        assertThat(tail.body()).containsExactly(0x7E, 0x0C, 0x7F, 0x0C);
    }

    @Test
    void everyoneButTheOwnerGetsAJson404AndWithoutATokenA401() throws Exception {
        String owner = api.newAccessToken();
        String id = api.createSession(owner);
        String stranger = api.newAccessToken();

        // The session has no audio yet.
        assertNotFound(getAudio(id, owner, null));
        feed(UUID.fromString(id), 0, 5);
        await(() -> secondsServed(id, owner) == 0.1);

        assertNotFound(getAudio(id, stranger, null));
        assertNotFound(getAudio(UUID.randomUUID().toString(), owner, null));
        assertNotFound(getAudio("not-a-session", owner, null));
        assertNotFound(getAudio(id.toUpperCase() + "0", owner, null));
        HttpResponse<byte[]> anonymous = getAudio(id, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(ApiClient.JSON.readTree(anonymous.body()).at("/error/code").asString()).isEqualTo("missing_token");
        // An Accept header that wants only audio still gets its error as JSON.
        HttpResponse<byte[]> wantsWav = http.send(api.builder("/api/session/" + id + "/audio", stranger)
                .header("Accept", "audio/wav").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertNotFound(wantsWav);
    }

    static void assertNotFound(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        var body = ApiClient.JSON.readTree(r.body());
        assertThat(body.at("/error/code").asString()).isEqualTo("not_found");
        assertThat(body.at("/error/message").asString()).isNotBlank();
    }

    @Test
    void filesAreDeletedRetentionAfterTheirSessionEndedAndNotBefore() throws Exception {
        await(() -> !Files.exists(orphan));

        String token = api.newAccessToken();
        String ended = api.createSession(token);
        String open = api.createSession(token);
        feed(UUID.fromString(ended), 0, 5);
        feed(UUID.fromString(open), 0, 5);
        await(() -> secondsServed(ended, token) == 0.1 && secondsServed(open, token) == 0.1);
        assertThat(api.delete("/api/session/" + ended, token).status()).isEqualTo(200);

        AudioRetention retention = svc.bean(AudioRetention.class);
        retention.sweepOnce();
        assertThat(secondsServed(ended, token)).as("within retention").isEqualTo(0.1);
        Thread.sleep(2100);
        retention.sweepOnce();
        assertThat(Files.exists(dataDir.resolve("audio").resolve(ended + ".wav"))).isFalse();
        assertNotFound(getAudio(ended, token, null));
        assertThat(secondsServed(open, token)).as("an open session's audio is kept").isEqualTo(0.1);
        String metrics = api.get("/metrics", null).raw();
        assertThat(metrics).containsPattern("ingress_audio_sink_files_deleted_total(\\{[^}]*\\})? [1-9]");
    }

    @Test
    void withAnAsrGatewayNothingIsRecorded() throws Exception {
        Path other = Files.createTempDirectory("audio-it-gateway");
        try (ServiceInstance gw = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379", "DATA_DIR", other.toString(),
                "ASR_GATEWAY_URL", "grpc://127.0.0.1:9"))) {
            assertThat(gw.context().getBeansOfType(AudioRecorder.class)).isEmpty();
            // The endpoint is there (files of an earlier run stay fetchable); this session simply has no audio.
            ApiClient client = gw.api();
            String token = client.newAccessToken();
            String id = client.createSession(token);
            assertThat(client.get("/api/session/" + id + "/audio", token).errorCode()).isEqualTo("not_found");
        } finally {
            try (var files = Files.walk(other)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
