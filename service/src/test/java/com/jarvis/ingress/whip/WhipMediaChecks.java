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
        // The last two seconds but the final quarter: steady RTP audio (data channel chunks, which interleave with
        // the RTP frames in the file, come early in the browser test; the stream's end may be cut mid-frame).
        int len = 32_000;
        int off = stored.samples().length - len - 4_000;
        double hz = ToneAnalyzer.dominantFrequency(stored.samples(), off, len, 16_000);
        System.out.printf("WHIP session %s: dominant frequency %.1f Hz%n", sessionId, hz);
        assertThat(hz).as("dominant frequency of the stored audio").isBetween(430.0, 450.0);
    }
}
