package com.jarvis.ingress.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The embedded sink's WAV of a session through {@code GET /api/session/:id/audio}, once it stopped growing. */
public final class StoredAudio {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StoredAudio() {
    }

    /** Call after the session ended: polls until two reads a flush apart agree (the writer flushes every 200 ms). */
    public static AudioEnvelope.Pcm finalWav(ApiClient api, String sessionId, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        byte[] last = null;
        while (true) {
            HttpResponse<byte[]> r = HTTP.send(api.builder("/api/session/" + sessionId + "/audio", token)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as("GET audio: %s", new String(r.body())).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
            if (last != null && last.length == r.body().length) {
                return AudioEnvelope.readWav(r.body());
            }
            assertThat(System.nanoTime()).as("stored audio stable within 20 s").isLessThan(deadline);
            last = r.body();
            Thread.sleep(500);
        }
    }
}
