package com.jarvis.ingress.asr;

import static com.jarvis.ingress.asr.AsrTesting.assertInSequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AsrEvent;
import com.jarvis.ingress.asr.v1.AudioFrame;
import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.support.AudioEnvelope;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusPacketInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.jarvis.ingress.grpc.GrpcServer;
import com.jarvis.ingress.grpc.v1.SessionEvent;
import com.jarvis.ingress.grpc.v1.SessionStatus;
import com.jarvis.ingress.grpc.v1.WatchSessionRequest;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.SseStream;
import io.grpc.ManagedChannel;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * End to end with an unmodified mediasoup-client in Debian's Chromium: speech (e2e/speech.wav as the fake
 * microphone) for 10 s reaches the test gateway — at least 95% of the audio seconds sent, in sequence, and the
 * received audio matches the source (20 ms envelopes correlate at ≥ 0.8 after aligning for delay) — with
 * ASR_AUDIO_ENCODING=pcm and =opus; the gateway's transcript lands in the session; data-channel PCM and Opus
 * chunks arrive as PCM frames.
 */
class AsrBrowserIT {
    static final int DURATION_MS = 10_000;
    static final String DB = PostgresTestDatabase.create("ingress_asr_browser");

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    static JsonNode runBrowser(ServiceInstance svc, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("node", "run-browser.mjs", "http://127.0.0.1:" + svc.port(),
                "--keep-session"));
        cmd.addAll(List.of(extra));
        List<JsonNode> results = E2eHarness.runClient(cmd, Map.of("E2E_PROXY", "1"), 300);
        assertThat(results).isNotEmpty();
        for (JsonNode r : results) {
            assertThat(r.get("ok").asBoolean()).as("browser result %s", r).isTrue();
        }
        return results.size() == 1 ? results.get(0) : ApiJson.array(results);
    }

    static JsonNode runSpeech(ServiceInstance svc) throws Exception {
        return runBrowser(svc, "--duration=" + DURATION_MS, "--wav=" + E2eHarness.SPEECH_WAV);
    }

    /** The received audio is the source speech: envelopes correlate at ≥ 0.8 after aligning for delay. */
    static void assertMatchesSpeech(short[] received) throws Exception {
        // Chromium loops the 12 s file from when the track is created: compare with two loops of the source.
        AudioEnvelope.Pcm source = AudioEnvelope.readWav(E2eHarness.SPEECH_WAV);
        double[] once = source.envelope();
        double[] looped = new double[once.length * 2];
        System.arraycopy(once, 0, looped, 0, once.length);
        System.arraycopy(once, 0, looped, once.length, once.length);
        AudioEnvelope.Alignment a = AudioEnvelope.bestAlignment(looped,
                new AudioEnvelope.Pcm(received, 16_000).envelope(), source.seconds());
        System.out.printf("envelope correlation %.3f at delay %.2f s%n", a.correlation(), a.delaySeconds());
        assertThat(a.correlation()).isGreaterThanOrEqualTo(0.8);
    }

    /**
     * The gateway's final transcript reaches the device's event streams: SSE and gRPC WatchSession, opened now,
     * start with the session's state and its transcript so far (the live path is SessionEventsIT's), and both end
     * when the session does.
     */
    static void assertTranscriptReachesWatchers(ServiceInstance svc, UUID id, String token) throws Exception {
        ManagedChannel channel = GrpcIntegrationTest.channelTo(svc.bean(GrpcServer.class).getPort());
        try (SseStream sse = SseStream.open(svc.port(), "/api/session/" + id + "/events", token)) {
            Iterator<SessionEvent> watch = GrpcIntegrationTest.sessions(channel, token)
                    .watchSession(WatchSessionRequest.newBuilder().setSessionId(id.toString()).build());
            assertThat(sse.status()).isEqualTo(200);
            SseStream.Event state = sse.next();
            assertThat(state.name()).isEqualTo("state");
            assertThat(state.data().get("status").asString()).isEqualTo("active");
            SseStream.Event heard = sse.next();
            assertThat(heard.name()).isEqualTo("transcript");
            assertThat(heard.data().get("text").asString()).isEqualTo("turn on the lights");
            assertThat(heard.data().get("isFinal").asBoolean()).isTrue();

            assertThat(watch.next().getState().getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ACTIVE);
            SessionEvent transcript = watch.next();
            assertThat(transcript.getTranscript().getText()).isEqualTo("turn on the lights");
            assertThat(transcript.getTranscript().getIsFinal()).isTrue();

            assertThat(svc.api().delete("/api/session/" + id, token).status()).isEqualTo(200);
            assertThat(sse.next().data().get("status").asString()).isEqualTo("ended");
            sse.awaitEnd();
            assertThat(watch.next().getState().getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ENDED);
            assertThat(watch.hasNext()).isFalse();
        } finally {
            channel.shutdownNow();
        }
    }

    static double secondsSent(JsonNode result) {
        double seconds = result.get("packetsSent").asLong() * 0.020; // Chromium's Opus: one packet per 20 ms
        assertThat(seconds).isGreaterThan(DURATION_MS / 1000.0 * 0.8);
        return seconds;
    }

    @Test
    void chromiumSpeechReachesTheGatewayAsPcmAndTheTranscriptComesBack() throws Exception {
        try (TestAsrGateway gateway = new TestAsrGateway().answering(AsrForwardingIT::recognise).start();
             ServiceInstance svc = AsrTesting.start(DB, gateway, Map.of())) {
            JsonNode result = runSpeech(svc);
            UUID id = AsrTesting.sessionId(result);
            String token = result.get("accessToken").asString();
            double sent = secondsSent(result);
            AsrTesting.await(Duration.ofSeconds(20), "transcript", () -> "turn on the lights".equals(
                    svc.api().get("/api/session/" + id, token).body().at("/contextData/transcript/0/text").asString(null)));
            assertTranscriptReachesWatchers(svc, id, token);

            List<AudioFrame> frames = AsrTesting.endAndAwait(svc, gateway, result);
            assertThat(assertInSequence(frames, svc.bean(AsrMetrics.class).droppedFrames())).isZero();
            List<AudioFrame> audio = frames.subList(0, frames.size() - 1);
            assertThat(audio).allSatisfy(f -> assertThat(f.getSource()).isEqualTo(AudioFrame.Source.RTP));
            double forwarded = AsrTesting.pcmSeconds(audio);
            System.out.printf("sent %.2f s, forwarded %.2f s%n", sent, forwarded);
            assertThat(forwarded).isGreaterThanOrEqualTo(sent * 0.95);
            assertMatchesSpeech(AsrTesting.pcm(audio));
        }
    }

    @Test
    void chromiumSpeechReachesTheGatewayAsOpus() throws Exception {
        try (TestAsrGateway gateway = new TestAsrGateway().start();
             ServiceInstance svc = AsrTesting.start(DB, gateway, Map.of("ASR_AUDIO_ENCODING", "opus"))) {
            JsonNode result = runSpeech(svc);
            double sent = secondsSent(result);
            List<AudioFrame> frames = AsrTesting.endAndAwait(svc, gateway, result);
            assertThat(assertInSequence(frames, svc.bean(AsrMetrics.class).droppedFrames())).isZero();
            List<AudioFrame> audio = frames.subList(0, frames.size() - 1);
            assertThat(audio).allSatisfy(f -> assertThat(f.getEncoding()).isEqualTo(AudioFrame.Encoding.OPUS));
            // The router asks for maxplaybackrate=16000 and mediasoup-client puts it in Chromium's answer: its
            // encoder is then capped at wideband (SILK-only packets, cheaper to decode than fullband hybrid ones).
            Map<OpusBandwidth, Long> bandwidths = AsrTesting.opusPackets(audio).stream().collect(
                    java.util.stream.Collectors.groupingBy(p -> OpusPacketInfo.getBandwidth(p, 0),
                            java.util.stream.Collectors.counting()));
            System.out.println("Opus packets by bandwidth: " + bandwidths);
            assertThat(bandwidths.keySet()).isNotEmpty().allSatisfy(b -> assertThat(b).isIn(
                    OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND, OpusBandwidth.OPUS_BANDWIDTH_MEDIUMBAND,
                    OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND));
            short[] pcm = AsrTesting.decodeOpus(audio);
            System.out.printf("sent %.2f s, forwarded %.2f s of Opus%n", sent, pcm.length / 16000.0);
            assertThat(pcm.length / 16000.0).isGreaterThanOrEqualTo(sent * 0.95);
            assertMatchesSpeech(pcm);
        }
    }

    @Test
    void chromiumDataChannelPcmAndOpusChunksReachTheGatewayAsPcm() throws Exception {
        String plan = """
                {"sessions":[
                 {"audioConfig":{"sampleRate":16000,"channels":1,"bitDepth":16,"codec":"pcm"},
                  "channels":[{"name":"pcm","how":"produce","payload":"pcm","stream":{"count":250,"intervalMs":20}}]},
                 {"audioConfig":{"sampleRate":48000,"channels":1,"bitDepth":16,"codec":"opus"},
                  "channels":[{"name":"opus","how":"produce","payload":"opus","stream":{"count":250,"intervalMs":20}}]}]}
                """;
        Path file = Files.createTempFile("asr-plan", ".json");
        Files.writeString(file, plan);
        try (TestAsrGateway gateway = new TestAsrGateway().start();
             ServiceInstance svc = AsrTesting.start(DB, gateway, Map.of())) {
            JsonNode results = runBrowser(svc, "--mode=data", "--plan=" + file);
            assertThat(results).hasSize(2);
            for (JsonNode r : results) {
                List<AudioFrame> frames = AsrTesting.endAndAwait(svc, gateway, r);
                assertThat(assertInSequence(frames, svc.bean(AsrMetrics.class).droppedFrames())).isZero();
                List<AudioFrame> audio = frames.subList(0, frames.size() - 1);
                assertThat(audio).allSatisfy(f -> {
                    assertThat(f.getSource()).isEqualTo(AudioFrame.Source.DATA_CHANNEL);
                    assertThat(f.getEncoding()).isEqualTo(AudioFrame.Encoding.PCM_S16LE);
                });
                double seconds = AsrTesting.pcmSeconds(audio);
                System.out.printf("data channel: %.2f s forwarded of 5 s%n", seconds);
                assertThat(seconds).isGreaterThanOrEqualTo(5.0 * 0.95);
                short[] pcm = AsrTesting.pcm(audio);
                assertThat(ToneAnalyzer.dominantFrequency(pcm, pcm.length / 2, 16000, 16000)).isBetween(430.0, 450.0);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Several result lines as one JSON array. */
    static final class ApiJson {
        static JsonNode array(List<JsonNode> nodes) {
            var a = com.jarvis.ingress.support.ApiClient.JSON.createArrayNode();
            nodes.forEach(a::add);
            return a;
        }
    }
}
