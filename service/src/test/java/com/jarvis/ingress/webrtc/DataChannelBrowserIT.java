package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.session.SessionStats;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Data channels from an unmodified mediasoup-client in Debian's Chromium, in one page run of three concurrent
 * sessions: (1) a 'pcm' session with an ordered and an unordered produceData channel (1 B, 1 KiB, 64 KiB, 256 KiB,
 * then 500 messages of 640 B at 20 ms), a channel the page opens with DCEP on the transport's RTCPeerConnection,
 * and a pre-negotiated channel on stream 200 that is closed and opened again; (2) a 48 kHz stereo 'pcm' session
 * streaming a 440 Hz tone; (3) an 'opus' session whose first chunk is garbage, then WebCodecs Opus packets of the
 * tone. Messages carry a counter and a pseudo-random tail the test regenerates, so content, duplicates and order are
 * all checked.
 */
class DataChannelBrowserIT {
    static final String DB = PostgresTestDatabase.create("ingress_datachannel");
    static final int[] SIZES = {1, 1024, 65_536, 262_144};
    static final int SMALL = 500;
    static final int TONE_CHUNKS = 100;

    static ServiceInstance svc;
    static JsonNode integrity;
    static JsonNode pcmTone;
    static JsonNode opusTone;

    @BeforeAll
    static void runBrowser() throws Exception {
        E2eHarness.prepare();
        svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379"), DataCaptureConfig.class);
        String plan = """
                {"sessions":[
                 {"audioConfig":{"sampleRate":16000,"channels":1,"bitDepth":16,"codec":"pcm"},
                  "channels":[
                   {"name":"ordered","how":"produce","ordered":true,"sizes":[1,1024,65536,262144],
                    "stream":{"count":500,"size":640,"intervalMs":20}},
                   {"name":"unordered","how":"produce","ordered":false,"sizes":[1,1024,65536,262144],
                    "stream":{"count":500,"size":640,"intervalMs":20}},
                   {"name":"dcep","how":"dcep","protocol":"chunks","stream":{"count":20,"size":640,"intervalMs":20},
                    "strings":["{\\"type\\":\\"end\\"}"]},
                   {"name":"reuse","how":"negotiated","id":200,"stream":{"count":10,"size":640,"intervalMs":20},
                    "reopen":{"count":10,"seqStart":1000}}]},
                 {"audioConfig":{"sampleRate":48000,"channels":2,"bitDepth":16,"codec":"pcm"},
                  "channels":[{"name":"tone","how":"produce","payload":"pcm","stream":{"count":100,"intervalMs":20}}]},
                 {"audioConfig":{"sampleRate":48000,"channels":1,"bitDepth":16,"codec":"opus"},
                  "channels":[{"name":"opus","how":"produce","payload":"opus","garbageFirst":true,
                    "stream":{"count":100,"intervalMs":20}}]}]}
                """;
        Path file = Files.createTempFile("datachannel-plan", ".json");
        Files.writeString(file, plan);
        List<JsonNode> results = E2eHarness.runClient(List.of("node", "run-browser.mjs",
                "http://127.0.0.1:" + svc.port(), "--mode=data", "--plan=" + file, "--keep-session"),
                Map.of("E2E_PROXY", "1"), 300);
        Files.deleteIfExists(file);
        assertThat(results).hasSize(3);
        for (JsonNode r : results) {
            assertThat(r.get("ok").asBoolean()).as("browser result %s", r).isTrue();
        }
        integrity = results.get(0);
        pcmTone = results.get(1);
        opusTone = results.get(2);
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
        }
    }

    /** The page's patternMessage: 4-byte big-endian counter, then an LCG tail seeded by (seq, size). */
    static byte[] pattern(int seq, int size) {
        byte[] b = new byte[size];
        int state = seq * 0x9E3779B1 + size;
        for (int i = 0; i < size; i++) {
            if (i < 4) {
                b[i] = (byte) (seq >>> (24 - 8 * i));
            } else {
                state = state * 1103515245 + 12345;
                b[i] = (byte) (state >>> 24);
            }
        }
        return b;
    }

    static List<byte[]> expectedBurstThenStream() {
        List<byte[]> out = new ArrayList<>();
        int seq = 0;
        for (int size : SIZES) {
            out.add(pattern(seq++, size));
        }
        for (int i = 0; i < SMALL; i++) {
            out.add(pattern(seq++, 640));
        }
        return out;
    }

    static UUID session(JsonNode result) {
        return UUID.fromString(result.get("sessionId").asString());
    }

    static JsonNode channel(JsonNode result, String name) {
        for (JsonNode c : result.get("channels")) {
            if (c.get("name").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no channel " + name + " in " + result);
    }

    static DataCapturingListener capture() {
        return svc.bean(DataCapturingListener.class);
    }

    static List<byte[]> received(JsonNode result, String channel, int expected) throws InterruptedException {
        UUID id = session(result);
        int streamId = channel(result, channel).get("streamId").asInt();
        await(() -> capture().binary(id, streamId).size() >= expected);
        return capture().binary(id, streamId);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    static void assertSameMessages(List<byte[]> actual, List<byte[]> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("message %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void orderedChannelDeliversEveryMessageOnceIntactAndInOrder() throws Exception {
        List<byte[]> expected = expectedBurstThenStream();
        assertThat(channel(integrity, "ordered").get("sent").asInt()).isEqualTo(expected.size());
        assertSameMessages(received(integrity, "ordered", expected.size()), expected);
    }

    @Test
    void unorderedChannelDeliversEveryMessageOnceIntact() throws Exception {
        List<byte[]> expected = expectedBurstThenStream();
        List<byte[]> got = new ArrayList<>(received(integrity, "unordered", expected.size()));
        got.sort(Comparator.comparingInt(b -> b.length < 4 ? 0 : ByteBuffer.wrap(b).getInt()));
        assertSameMessages(got, expected);
    }

    @Test
    void dcepChannelOpenedByThePageCarriesChunksAndControlMessages() throws Exception {
        JsonNode dcep = channel(integrity, "dcep");
        assertThat(dcep.get("dataProducerId").isNull()).isTrue();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(pattern(i, 640));
        }
        assertSameMessages(received(integrity, "dcep", 20), expected);
        UUID id = session(integrity);
        await(() -> !capture().control(id).isEmpty());
        assertThat(capture().control(id)).containsExactly("{\"type\":\"end\"}");
        assertThat(capture().messages(id)).filteredOn(m -> !m.binary()).hasSize(1)
                .allSatisfy(m -> assertThat(m.streamId()).isEqualTo(dcep.get("streamId").asInt()));
    }

    @Test
    void closingAChannelAndOpeningANewOneOnTheSameStreamIdWorks() throws Exception {
        JsonNode reuse = channel(integrity, "reuse");
        assertThat(reuse.get("streamId").asInt()).isEqualTo(200);
        assertThat(reuse.get("reopenedDataProducerId").asString()).isNotEqualTo(reuse.get("dataProducerId").asString());
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(pattern(i, 640));
        }
        for (int i = 0; i < 10; i++) {
            expected.add(pattern(1000 + i, 640));
        }
        assertSameMessages(received(integrity, "reuse", 20), expected);
    }

    @Test
    void pcmChunksDecodeToTheToneAndCountInStatsAndMetrics() throws Exception {
        UUID id = session(pcmTone);
        WebRtcService webrtc = svc.bean(WebRtcService.class);
        await(() -> webrtc.stats(id).dataChunks() >= TONE_CHUNKS);
        SessionStats stats = webrtc.stats(id);
        assertThat(stats.dataChunks()).isEqualTo(TONE_CHUNKS);
        assertThat(stats.dataBytes()).isEqualTo(TONE_CHUNKS * 960L * 2 * 2);
        assertThat(stats.dataAudioSeconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(stats.dataDecodeErrors()).isZero();
        short[] pcm = capture().capture(id).pcm();
        assertThat(ToneAnalyzer.dominantFrequency(pcm, 8000, 16000, 16000)).isBetween(435.0, 445.0);

        JsonNode view = svc.api().get("/api/session/" + id, pcmTone.get("accessToken").asString()).body();
        assertThat(view.at("/stats/dataChunks").asLong()).isEqualTo(TONE_CHUNKS);
        assertThat(view.at("/stats/dataAudioSeconds").asDouble()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(view.at("/stats/audioSeconds").asDouble()).isGreaterThanOrEqualTo(2.0);

        String metrics = svc.api().get("/metrics", null).raw();
        long chunksSent = 0;
        long bytesSent = 0;
        for (JsonNode r : List.of(integrity, pcmTone, opusTone)) {
            for (JsonNode c : r.get("channels")) {
                chunksSent += c.get("sent").asLong();
                bytesSent += c.get("bytesSent").asLong();
            }
        }
        chunksSent -= 1; // the DCEP channel's control message is not an audio chunk
        assertThat(WebRtcBrowserIT.metric(metrics, "ingress_audio_chunks_received_total{source=\"datachannel\"}"))
                .isEqualTo((double) chunksSent);
        assertThat(WebRtcBrowserIT.metric(metrics, "ingress_audio_bytes_received_total{source=\"datachannel\"}"))
                .isEqualTo((double) bytesSent);
    }

    @Test
    void opusSessionSurvivesAGarbageChunkAndDecodesWebCodecsOpusToTheTone() throws Exception {
        UUID id = session(opusTone);
        WebRtcService webrtc = svc.bean(WebRtcService.class);
        long sent = channel(opusTone, "opus").get("sent").asLong();
        assertThat(sent).isEqualTo(TONE_CHUNKS + 1);
        await(() -> webrtc.stats(id).dataChunks() >= sent);
        SessionStats stats = webrtc.stats(id);
        assertThat(stats.dataChunks()).isEqualTo(sent);
        assertThat(stats.dataDecodeErrors()).isEqualTo(1);
        assertThat(stats.dataAudioSeconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        short[] pcm = capture().capture(id).pcm();
        assertThat(ToneAnalyzer.dominantFrequency(pcm, 8000, 16000, 16000)).isBetween(430.0, 450.0);
    }
}
