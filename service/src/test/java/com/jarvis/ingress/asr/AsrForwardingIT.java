package com.jarvis.ingress.asr;

import static com.jarvis.ingress.asr.AsrTesting.assertInSequence;
import static com.jarvis.ingress.asr.AsrTesting.await;
import static com.jarvis.ingress.asr.AsrTesting.awaitEndOfStream;
import static com.jarvis.ingress.asr.AsrTesting.pcm;
import static com.jarvis.ingress.asr.AsrTesting.pcmSeconds;
import static com.jarvis.ingress.asr.AsrTesting.sessionId;
import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AsrEvent;
import com.jarvis.ingress.asr.v1.AudioFrame;
import com.jarvis.ingress.grpc.GrpcServer;
import com.jarvis.ingress.grpc.v1.GetSessionStatusRequest;
import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.session.SessionRepository;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The service with ASR_GATEWAY_URL pointing at a real gRPC {@link TestAsrGateway}, fed by real WebRTC clients
 * (mediasoup-client on Node's libwebrtc): audio arrives in order with contiguous sequence numbers and
 * end_of_stream, transcripts come back into the session, and the gateway being down at the start or killed
 * mid-stream only delays audio (gaps only where drops are counted).
 */
class AsrForwardingIT {
    static final String DB = PostgresTestDatabase.create("ingress_asr");
    static TestAsrGateway gateway;
    static ServiceInstance svc;

    @BeforeAll
    static void start() throws Exception {
        E2eHarness.prepare();
        gateway = new TestAsrGateway().answering(AsrForwardingIT::recognise).start();
        svc = AsrTesting.start(DB, gateway, Map.of());
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The test gateway "recognises" something at the tenth frame of every stream: an interim, then a final. */
    static List<AsrEvent> recognise(AudioFrame f) {
        if (f.getSequence() != 10) {
            return List.of();
        }
        return List.of(AsrEvent.newBuilder().setSessionId(f.getSessionId()).setText("turn on the").setConfidence(0.4f).build(),
                AsrEvent.newBuilder().setSessionId(f.getSessionId()).setText("turn on the lights").setIsFinal(true)
                        .setConfidence(0.92f).build());
    }

    AsrMetrics metrics() {
        return svc.bean(AsrMetrics.class);
    }

    String health() {
        return svc.api().get("/health", null).raw();
    }

    @Test
    void rtpAudioArrivesInOrderAndTheTranscriptComesBackToTheSession() throws Exception {
        double droppedBefore = metrics().droppedFrames();
        JsonNode result = AsrTesting.rtpClient(svc, 5000, true).get(120, TimeUnit.SECONDS);
        UUID id = sessionId(result);
        String token = result.get("accessToken").asString();
        ApiClient api = svc.api();

        // The final transcript lands in contextData.transcript (REST and gRPC); the interim one does not.
        await(Duration.ofSeconds(20), "transcript in contextData", () ->
                api.get("/api/session/" + id, token).body().at("/contextData/transcript/0/text").isString());
        JsonNode session = api.get("/api/session/" + id, token).body();
        assertThat(session.at("/contextData/transcript")).hasSize(1);
        assertThat(session.at("/contextData/transcript/0/text").asString()).isEqualTo("turn on the lights");
        assertThat(session.at("/contextData/transcript/0/confidence").asDouble()).isEqualTo(0.92, org.assertj.core.data.Offset.offset(1e-6));
        ManagedChannel channel = GrpcIntegrationTest.channelTo(svc.bean(GrpcServer.class).getPort());
        try {
            var status = GrpcIntegrationTest.sessions(channel, token)
                    .getSessionStatus(GetSessionStatusRequest.newBuilder().setSessionId(id.toString()).build());
            assertThat(status.getContextData().getFieldsOrThrow("transcript").getListValue().getValues(0)
                    .getStructValue().getFieldsOrThrow("text").getStringValue()).isEqualTo("turn on the lights");
        } finally {
            channel.shutdownNow();
        }
        assertThat(health()).contains("\"asrGateway\":{\"status\":\"up\"}");

        // Ending the session ends its stream with end_of_stream.
        assertThat(api.delete("/api/session/" + id, token).status()).isEqualTo(200);
        List<AudioFrame> frames = awaitEndOfStream(gateway, id);
        assertThat(assertInSequence(frames, metrics().droppedFrames() - droppedBefore)).isZero();
        assertThat(gateway.streams(id)).hasSize(1);
        // The client half-closes after its end_of_stream frame, so the gateway may hold the frame first.
        await(Duration.ofSeconds(10), "half-close of " + id, () -> gateway.streams(id).get(0).completed().get());
        List<AudioFrame> audio = frames.subList(0, frames.size() - 1);
        String userId = svc.bean(SessionRepository.class).find(id).orElseThrow().userId().toString();
        assertThat(audio).allSatisfy(f -> {
            assertThat(f.getSessionId()).isEqualTo(id.toString());
            assertThat(f.getUserId()).isEqualTo(userId);
            assertThat(f.getSource()).isEqualTo(AudioFrame.Source.RTP);
            assertThat(f.getEncoding()).isEqualTo(AudioFrame.Encoding.PCM_S16LE);
            assertThat(f.getSampleRate()).isEqualTo(16000);
        });
        // 100 ms frames (the last one may be shorter), capture times ascending
        assertThat(audio.subList(0, audio.size() - 1)).allSatisfy(f -> assertThat(f.getPcm().size()).isEqualTo(3200));
        for (int i = 1; i < audio.size(); i++) {
            assertThat(audio.get(i).getCaptureTimeMs()).isGreaterThanOrEqualTo(audio.get(i - 1).getCaptureTimeMs());
        }
        double seconds = pcmSeconds(audio);
        double received = svc.api().get("/api/session/" + id, token).body().at("/stats/audioSeconds").asDouble();
        assertThat(seconds).as("forwarded vs decoded audio seconds").isGreaterThanOrEqualTo(received * 0.95);
        assertThat(seconds).isGreaterThan(4.0);
        short[] pcm = pcm(audio);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, pcm.length / 2, 16000, 16000)).isBetween(430.0, 450.0);
        await(Duration.ofSeconds(5), "the stream to close", () -> svc.bean(AsrForwarder.class).streamCount() == 0);
        assertThat(metrics().framesSent()).isGreaterThanOrEqualTo(audio.size());
    }

    @Test
    void dataChannelPcmIsForwardedAsDataChannelFrames() throws Exception {
        JsonNode result = AsrTesting.dataClient(svc, 200).get(120, TimeUnit.SECONDS);
        UUID id = sessionId(result);
        List<AudioFrame> frames = awaitEndOfStream(gateway, id);
        assertInSequence(frames, 0);
        List<AudioFrame> audio = frames.subList(0, frames.size() - 1);
        assertThat(audio).allSatisfy(f -> {
            assertThat(f.getSource()).isEqualTo(AudioFrame.Source.DATA_CHANNEL);
            assertThat(f.getEncoding()).isEqualTo(AudioFrame.Encoding.PCM_S16LE);
        });
        // every sample of the 200 chunks of 20 ms, exactly
        short[] pcm = pcm(audio);
        assertThat(pcm).hasSize(200 * 320);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, 16000, 16000, 16000)).isBetween(435.0, 445.0);
    }

    @Test
    void gatewayDownAtSessionStartAndStartedThreeSecondsLater() throws Exception {
        gateway.stop();
        try {
            double droppedBefore = metrics().droppedFrames();
            double reconnectsBefore = metrics().reconnects();
            CompletableFuture<JsonNode> client = AsrTesting.rtpClient(svc, 7000, true);
            Thread.sleep(1500);
            // Sessions still work; the gateway shows as degraded, not down.
            String health = health();
            assertThat(health).contains("\"asrGateway\":{\"status\":\"degraded\"}").contains("\"status\":\"degraded\"");
            assertThat(svc.api().get("/health", null).status()).isEqualTo(200);
            Thread.sleep(1500);
            gateway.start();
            List<AudioFrame> frames = AsrTesting.endAndAwait(svc, gateway, client.get(120, TimeUnit.SECONDS));
            // 10 s of buffer covered the 3 s outage: nothing lost, from sequence 0 on
            assertThat(assertInSequence(frames, metrics().droppedFrames() - droppedBefore)).isZero();
            assertThat(frames.get(0).getSequence()).isZero();
            assertThat(pcmSeconds(frames)).isGreaterThan(6.0);
            assertThat(metrics().reconnects()).isGreaterThan(reconnectsBefore);
            assertThat(health()).contains("\"asrGateway\":{\"status\":\"up\"}");
        } finally {
            gateway.start();
        }
    }

    @Test
    void gatewayKilledMidStreamAndRestarted() throws Exception {
        double droppedBefore = metrics().droppedFrames();
        int streamsBefore = gateway.streamsOpened();
        CompletableFuture<JsonNode> client = AsrTesting.rtpClient(svc, 9000, true);
        // Wait until the session's stream carries 1.5 s of audio, then kill the gateway for 2 s.
        await(Duration.ofSeconds(60), "audio at the gateway", () -> gateway.streamFrames(streamsBefore) >= 15);
        gateway.stop();
        Thread.sleep(2000);
        gateway.start();
        JsonNode result = client.get(120, TimeUnit.SECONDS);
        List<AudioFrame> frames = AsrTesting.endAndAwait(svc, gateway, result);
        List<TestAsrGateway.Stream> streams = gateway.streams(sessionId(result));
        assertThat(streams).hasSizeGreaterThanOrEqualTo(2);
        // The new stream carries on after the old one: sequence numbers only go up, gaps only where counted.
        long firstOfSecond = streams.get(1).frames().get(0).getSequence();
        List<AudioFrame> firstStream = streams.get(0).frames();
        assertThat(firstOfSecond).isGreaterThan(firstStream.get(firstStream.size() - 1).getSequence());
        long missing = assertInSequence(frames, metrics().droppedFrames() - droppedBefore);
        assertThat(missing).isLessThanOrEqualTo(15); // at most the frames in flight when it died (< 1 s)
        assertThat(pcmSeconds(frames)).isGreaterThan(7.0);
    }
}
