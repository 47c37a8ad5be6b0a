package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.session.AudioConfig;
import com.jarvis.ingress.session.SessionStats;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Data channel messages of a session: audio chunks decoded to 16 kHz, control messages passed on, bad chunks counted. */
class SessionDataChannelsTest {
    static final UUID SESSION = UUID.randomUUID();

    static final class Recording implements SessionAudioListener {
        final List<short[]> frames = new ArrayList<>();
        final List<String> control = new ArrayList<>();
        int dataMessages;

        @Override
        public void onAudio(UUID sessionId, AudioFrame frame) {
            frames.add(frame.copyPcm());
        }

        @Override
        public void onDataMessage(UUID sessionId, int streamId, boolean binary, byte[] data) {
            dataMessages++;
        }

        @Override
        public void onControlMessage(UUID sessionId, String text) {
            control.add(text);
        }

        short[] pcm() {
            short[] all = new short[frames.stream().mapToInt(f -> f.length).sum()];
            int p = 0;
            for (short[] f : frames) {
                System.arraycopy(f, 0, all, p, f.length);
                p += f.length;
            }
            return all;
        }
    }

    private static SessionDataChannels channels(AudioConfig config, Recording rec, int[] metricChunks) {
        MediaMetrics metrics = new MediaMetrics() {
            public void connected() { }

            public void disconnected() { }

            public void rtpPacket(int payloadBytes) { }

            @Override
            public void dataChunk(int bytes) {
                metricChunks[0]++;
            }
        };
        return new SessionDataChannels(SESSION, config, List.of(rec), metrics, f -> rec.onAudio(SESSION, f));
    }

    static byte[] pcmTone(int rate, int channels, int from, int samples) {
        ByteBuffer b = ByteBuffer.allocate(samples * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < from + samples; i++) {
            short v = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / rate));
            for (int c = 0; c < channels; c++) {
                b.putShort(v);
            }
        }
        return b.array();
    }

    @Test
    void pcmChunksAt48kStereoBecome16kMonoTone() {
        Recording rec = new Recording();
        int[] chunks = {0};
        SessionDataChannels ch = channels(new AudioConfig(48000, 2, 16, "pcm"), rec, chunks);
        for (int i = 0; i < 100; i++) {
            byte[] chunk = pcmTone(48000, 2, i * 960, 960);
            // Odd split: a sample frame straddles two messages.
            ch.onMessage(0, 53, Arrays.copyOfRange(chunk, 0, 1001));
            ch.onMessage(0, 53, Arrays.copyOfRange(chunk, 1001, chunk.length));
        }
        short[] pcm = rec.pcm();
        assertThat(pcm.length).isBetween(31_900, 32_000);
        assertThat(rec.frames).allSatisfy(f -> assertThat(f.length).isLessThanOrEqualTo(320));
        assertThat(ToneAnalyzer.dominantFrequency(pcm, 8000, 16000, 16000)).isBetween(435.0, 445.0);
        SessionStats s = ch.stats();
        assertThat(s.dataChunks()).isEqualTo(200);
        assertThat(s.dataBytes()).isEqualTo(100 * 960 * 4);
        assertThat(s.dataAudioSeconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(s.audioSeconds()).isEqualTo(s.dataAudioSeconds());
        assertThat(chunks[0]).isEqualTo(200);
        assertThat(rec.dataMessages).isEqualTo(200);
    }

    @Test
    void opusSessionSurvivesGarbageAndCountsIt() throws Exception {
        Recording rec = new Recording();
        SessionDataChannels ch = channels(new AudioConfig(16000, 1, 16, "opus"), rec, new int[1]);
        // A code-3 packet announcing zero frames is invalid Opus (RFC 6716 section 3.2.5).
        ch.onMessage(0, 53, new byte[] {(byte) 0xFB, 0x00});
        OpusEncoder enc = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        short[] frame = new short[960];
        byte[] out = new byte[1500];
        for (int p = 0; p < 50; p++) {
            for (int i = 0; i < 960; i++) {
                frame[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * (p * 960 + i) / 48000.0));
            }
            int n = enc.encode(frame, 0, 960, out, 0, out.length);
            ch.onMessage(0, 53, Arrays.copyOf(out, n));
        }
        ch.onMessage(0, 51, "{\"type\":\"end\"}".getBytes(StandardCharsets.UTF_8));
        SessionStats s = ch.stats();
        assertThat(s.dataDecodeErrors()).isEqualTo(1);
        assertThat(s.dataChunks()).isEqualTo(51);
        assertThat(s.controlMessages()).isEqualTo(1);
        assertThat(rec.control).containsExactly("{\"type\":\"end\"}");
        assertThat(s.dataAudioSeconds()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(ToneAnalyzer.dominantFrequency(rec.pcm(), 8000, 8000, 16000)).isBetween(430.0, 450.0);
    }
}
