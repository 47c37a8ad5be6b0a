package com.jarvis.ingress.whip;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.webrtc.WebRtcService;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Chromium's own RTCPeerConnection as a WHIP client (e2e/run-whip.mjs, no mediasoup-client): the fake microphone
 * plays e2e/tone.wav (440 Hz), a data channel the page opens (DCEP) sends 50 Opus chunks, the page trickles a
 * PATCH and, halfway, restarts ICE through PATCH. While it is open the session is active with RTP packets (also
 * after the restart) and the chunks counted; DELETE on the Location ends it and frees the transport; the stored WAV
 * has the tone.
 */
class WhipBrowserIT extends IntegrationTest {
    static final int DURATION_MS = 5000;
    static final int CHUNKS = 50;

    @Autowired
    WebRtcService webrtc;

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    @Test
    void chromiumStreamsTheToneAndDataChannelChunksThroughWhip() throws Exception {
        String token = api.newAccessToken();
        Path chunks = Files.createTempFile("whip-chunks", ".json");
        Files.writeString(chunks, opusChunksJson(CHUNKS));
        List<JsonNode> results = E2eHarness.runClient(List.of("node", "run-whip.mjs", "http://127.0.0.1:" + port,
                "--token=" + token, "--duration=" + DURATION_MS, "--chunks=" + chunks, "--restart", "--keep"), Map.of(), 180);
        Files.deleteIfExists(chunks);
        assertThat(results).hasSize(1);
        JsonNode r = results.get(0);
        assertThat(r.get("ok").asBoolean()).as("browser result %s", r).isTrue();
        assertThat(r.get("status").asInt()).isEqualTo(201);
        assertThat(r.get("patchStatus").asInt()).isEqualTo(204);
        assertThat(r.get("chunksSent").asInt()).isEqualTo(CHUNKS);
        String sessionId = r.get("sessionId").asString();
        assertThat(r.get("location").asString()).isEqualTo("/api/whip/" + sessionId);
        assertThat(r.get("etag").asString()).startsWith("\"");

        // The page closed its RTCPeerConnection (DTLS close_notify closes the transport); the session stays open.
        Response session = api.get("/api/session/" + sessionId, token);
        assertThat(session.text("status")).isEqualTo("active");
        JsonNode stats = session.body().get("stats");
        System.out.println("WHIP browser session stats " + stats);
        assertThat(stats.get("packets").asLong()).isGreaterThan(r.get("packetsSent").asLong() / 2);
        // Halfway, an ICE restart through PATCH (If-Match: *): new credentials and ETag, ICE connected again, and
        // the server kept receiving (more than a second of packets after the restart).
        assertThat(r.get("restartStatus").asInt()).as("restart %s", r).isEqualTo(200);
        assertThat(r.get("restartEtag").asString()).isNotEqualTo(r.get("etag").asString());
        assertThat(r.get("iceStateAfterRestart").asString()).isIn("connected", "completed");
        assertThat(stats.get("packets").asLong()).isGreaterThan(r.get("packetsBeforeRestart").asLong() + 50);
        assertThat(stats.get("dataChunks").asLong()).isEqualTo(CHUNKS);
        assertThat(stats.get("dataAudioSeconds").asDouble()).isBetween(0.9, 1.1);
        assertThat(stats.get("dataDecodeErrors").asLong()).isZero();

        assertThat(api.delete(r.get("location").asString(), token).status()).isEqualTo(200);
        WhipMediaChecks.toneStoredAndTransportFreed(api, webrtc, sessionId, token, DURATION_MS / 1000.0 * 0.8);
    }

    /** {@code n} 20 ms Opus packets of a 440 Hz tone (48 kHz mono), base64, as a JSON array. */
    static String opusChunksJson(int n) throws Exception {
        OpusEncoder enc = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
        short[] frame = new short[960];
        byte[] out = new byte[1500];
        List<String> packets = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < 960; i++) {
                frame[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * (p * 960 + i) / 48000.0));
            }
            int len = enc.encode(frame, 0, 960, out, 0, out.length);
            packets.add("\"" + Base64.getEncoder().encodeToString(Arrays.copyOf(out, len)) + "\"");
        }
        return "[" + String.join(",", packets) + "]";
    }
}
