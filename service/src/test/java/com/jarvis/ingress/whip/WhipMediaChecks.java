package com.jarvis.ingress.whip;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.AudioEnvelope;
import com.jarvis.ingress.support.StoredAudio;
import com.jarvis.ingress.webrtc.WebRtcService;
import java.util.UUID;

/** What both WHIP media tests assert once their client stopped: the transport is gone and the WAV has the tone. */
final class WhipMediaChecks {
    private WhipMediaChecks() {
    }

    /**
     * The session ended and has no transport; the embedded sink's WAV holds at least {@code minSeconds} of audio
     * whose dominant frequency is 440 Hz.
     */
    static void toneStoredAndTransportFreed(ApiClient api, WebRtcService webrtc, String sessionId, String token,
                                            double minSeconds) throws Exception {
        assertThat(webrtc.transportOf(UUID.fromString(sessionId))).as("transport after DELETE").isNull();
        assertThat(api.get("/api/session/" + sessionId, token).text("status")).isEqualTo("ended");
        AudioEnvelope.Pcm stored = StoredAudio.finalWav(api, sessionId, token);
        System.out.printf("WHIP session %s: stored %.2f s%n", sessionId, stored.seconds());
        assertThat(stored.sampleRate()).isEqualTo(16_000);
        assertThat(stored.seconds()).isGreaterThan(minSeconds);
        // Skip the first second (the encoder's and decoder's start), then look for the tone.
        double hz = ToneAnalyzer.dominantFrequency(stored.samples(), 16_000, 16_000, 16_000);
        assertThat(hz).as("dominant frequency of the stored audio").isBetween(430.0, 450.0);
    }
}
