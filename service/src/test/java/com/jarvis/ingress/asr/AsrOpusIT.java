package com.jarvis.ingress.asr;

import static com.jarvis.ingress.asr.AsrTesting.assertInSequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AudioFrame;
import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.webrtc.WebRtcService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ASR_AUDIO_ENCODING=opus: RTP audio reaches the gateway as the client's own Opus packets (2-byte big-endian length
 * prefixes), which decode to the tone that was sent, and the ingress decodes none of it; data-channel PCM stays
 * PCM.
 */
class AsrOpusIT {
    static final String DB = PostgresTestDatabase.create("ingress_asr_opus");

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    @Test
    void rtpGoesUndecodedAsOpusAndDataChannelPcmStaysPcm() throws Exception {
        try (TestAsrGateway gateway = new TestAsrGateway().start();
             ServiceInstance svc = AsrTesting.start(DB, gateway, Map.of("ASR_AUDIO_ENCODING", "opus"))) {
            JsonNode result = AsrTesting.rtpClient(svc, 5000, true).get(120, TimeUnit.SECONDS);
            double decodedSeconds = svc.bean(WebRtcService.class).stats(AsrTesting.sessionId(result)).audioSeconds();
            com.jarvis.ingress.media.transport.Producer producer =
                    svc.bean(WebRtcService.class).producerOf(AsrTesting.sessionId(result));
            assertThat(producer.decodes()).as("RTP is not decoded at all: no decoder, no decode lane").isFalse();
            assertThat(producer.decodedSamples()).isZero();
            List<AudioFrame> frames = AsrTesting.endAndAwait(svc, gateway, result);
            assertInSequence(frames, 0);
            List<AudioFrame> audio = frames.subList(0, frames.size() - 1);
            assertThat(audio).allSatisfy(f -> {
                assertThat(f.getEncoding()).isEqualTo(AudioFrame.Encoding.OPUS);
                assertThat(f.getSource()).isEqualTo(AudioFrame.Source.RTP);
                assertThat(f.getPcm().isEmpty()).isTrue();
                assertThat(f.getOpus().size()).isBetween(3, OpusFrameWriter.MAX_FRAME_BYTES);
            });
            short[] pcm = AsrTesting.decodeOpus(audio);
            assertThat(pcm.length / 16000.0).as("seconds of Opus forwarded").isGreaterThan(4.0)
                    .isGreaterThanOrEqualTo(decodedSeconds * 0.95);
            assertThat(ToneAnalyzer.dominantFrequency(pcm, pcm.length / 2, 16000, 16000)).isBetween(430.0, 450.0);

            JsonNode data = AsrTesting.dataClient(svc, 100).get(120, TimeUnit.SECONDS);
            List<AudioFrame> dataFrames = AsrTesting.awaitEndOfStream(gateway, AsrTesting.sessionId(data));
            assertInSequence(dataFrames, 0);
            List<AudioFrame> dataAudio = dataFrames.subList(0, dataFrames.size() - 1);
            assertThat(dataAudio).allSatisfy(f -> {
                assertThat(f.getEncoding()).isEqualTo(AudioFrame.Encoding.PCM_S16LE);
                assertThat(f.getSource()).isEqualTo(AudioFrame.Source.DATA_CHANNEL);
            });
            assertThat(AsrTesting.pcm(dataAudio)).hasSize(100 * 320);
        }
    }
}
