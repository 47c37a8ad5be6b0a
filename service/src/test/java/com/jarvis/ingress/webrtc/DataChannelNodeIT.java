package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.session.SessionStats;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * 20 concurrent Node clients (mediasoup-client on @roamhq/wrtc's libwebrtc), each sending 200 PCM chunks of 20 ms
 * (16 kHz mono, 640 bytes) on a produceData channel: every chunk arrives and decodes to exactly 4 s of the tone.
 */
class DataChannelNodeIT {
    static final String DB = PostgresTestDatabase.create("ingress_datachannel_node");
    static final int SESSIONS = 20;
    static final int CHUNKS = 200;

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    @Test
    void twentySessionsSendAllTheirPcmChunks() throws Exception {
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379"), DataCaptureConfig.class)) {
            List<JsonNode> results = E2eHarness.runClient(List.of("node", "run-node.mjs", String.valueOf(SESSIONS),
                    "http://127.0.0.1:" + svc.port(), "--mode=data", "--chunks=" + CHUNKS, "--keep-session"),
                    Map.of(), 240);
            assertThat(results).hasSize(SESSIONS);
            WebRtcService webrtc = svc.bean(WebRtcService.class);
            DataCapturingListener capture = svc.bean(DataCapturingListener.class);
            for (JsonNode r : results) {
                assertThat(r.get("ok").asBoolean()).as("node result %s", r).isTrue();
                assertThat(r.at("/channels/0/sent").asInt()).isEqualTo(CHUNKS);
                UUID id = UUID.fromString(r.get("sessionId").asString());
                SessionStats stats = webrtc.stats(id);
                assertThat(stats.dataChunks()).as("chunks of %s", id).isEqualTo(CHUNKS);
                assertThat(stats.dataBytes()).isEqualTo(CHUNKS * 640L);
                assertThat(stats.dataAudioSeconds()).isEqualTo(CHUNKS * 0.02, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(stats.dataDecodeErrors()).isZero();
                short[] pcm = capture.capture(id).pcm();
                assertThat(pcm).hasSize(CHUNKS * 320);
                assertThat(ToneAnalyzer.dominantFrequency(pcm, 16000, 16000, 16000)).isBetween(435.0, 445.0);
            }
        }
    }
}
