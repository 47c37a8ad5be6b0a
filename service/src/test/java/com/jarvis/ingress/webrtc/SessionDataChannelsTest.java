package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.audio.DecodePool;
import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.media.audio.OpusDecoders;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Data channel messages of a session: audio chunks decoded to 16 kHz (Opus on the decode pool's threads, in order),
 * control messages passed on, bad chunks counted, chunks beyond a full decode queue dropped and counted.
 */
class SessionDataChannelsTest {
    static final UUID SESSION = UUID.randomUUID();
    static final DecodePool POOL = new DecodePool(2);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

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
        return channels(config, rec, metricChunks, f -> rec.onAudio(SESSION, f), 50, () -> { });
    }

    private static SessionDataChannels channels(AudioConfig config, Recording rec, int[] metricChunks, AudioSink sink,
                                                int queue, Runnable onQueueFull) {
        MediaMetrics metrics = new MediaMetrics() {
            public void connected() { }

            public void disconnected() { }

            public void rtpPacket(int payloadBytes) { }

            @Override
            public void dataChunk(int bytes) {
                metricChunks[0]++;
            }
        };
        return new SessionDataChannels(SESSION, List.of(rec), metrics,
                new DataChunkDecoder(config, sink, POOL, OpusDecoders.java(), queue), onQueueFull);
    }

    /** Waits until the decode pool delivered every queued chunk (each keeps its slot until its frames are out). */
    static void drain(SessionDataChannels ch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ch.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(ch.queued()).as("chunks still queued for decoding").isZero();
    }

    /** 20 ms Opus packets (48 kHz mono) of a tone whose frequency changes every packet. */
    static List<byte[]> opusSweep(int packets) {
        OpusEncoder enc;
        try {
            enc = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        short[] frame = new short[960];
        byte[] out = new byte[1500];
        List<byte[]> chunks = new ArrayList<>();
        double phase = 0;
        for (int p = 0; p < packets; p++) {
            double hz = 200 + 37 * p;
            for (int i = 0; i < 960; i++) {
                phase += 2 * Math.PI * hz / 48000.0;
                frame[i] = (short) Math.round(8000 * Math.sin(phase));
            }
            try {
                int n = enc.encode(frame, 0, 960, out, 0, out.length);
                chunks.add(Arrays.copyOf(out, n));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return chunks;
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
        drain(ch);
        SessionStats s = ch.stats();
        assertThat(s.dataDecodeErrors()).isEqualTo(1);
        assertThat(s.dataChunks()).isEqualTo(51);
        assertThat(s.controlMessages()).isEqualTo(1);
        assertThat(rec.control).containsExactly("{\"type\":\"end\"}");
        assertThat(s.dataAudioSeconds()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(ToneAnalyzer.dominantFrequency(rec.pcm(), 8000, 8000, 16000)).isBetween(430.0, 450.0);
    }

    @Test
    void opusChunksAreDecodedOnTheDecodePoolInOrder() throws Exception {
        Recording rec = new Recording();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AudioSink sink = f -> {
            threads.add(Thread.currentThread().getName());
            rec.onAudio(SESSION, f);
        };
        AtomicInteger drops = new AtomicInteger();
        // 100 chunks fit one lane's slot memory (DecodePool.MAX_LANE_BYTES) even if none is decoded meanwhile.
        SessionDataChannels ch = channels(new AudioConfig(16000, 1, 16, "opus"), rec, new int[1], sink, 100,
                drops::incrementAndGet);
        List<byte[]> chunks = opusSweep(100);
        for (byte[] c : chunks) {
            ch.onMessage(0, 53, c);
        }
        drain(ch);
        assertThat(drops.get()).isZero();
        // The packet path (this thread) only queued the chunks; the pool decoded them.
        assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("opus-decode-"));
        // Decoding is stateful: the same chunks decoded in order by one decoder give exactly the same samples.
        OpusAudioDecoder reference = OpusDecoders.java().create();
        List<Short> expected = new ArrayList<>();
        for (byte[] c : chunks) {
            int n = reference.decode(c, 0, c.length);
            for (int i = 0; i < n; i++) {
                expected.add(reference.pcm()[i]);
            }
        }
        short[] got = rec.pcm();
        assertThat(got.length).isEqualTo(expected.size()).isEqualTo(100 * 320);
        for (int i = 0; i < got.length; i++) {
            if (got[i] != expected.get(i)) {
                throw new AssertionError("sample " + i + " (chunk " + i / 320 + ") differs from an in-order decode");
            }
        }
        assertThat(rec.frames).allSatisfy(f -> assertThat(f.length).isEqualTo(320));
        assertThat(ch.stats().dataAudioSeconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.001));
        ch.close();
    }

    @Test
    void chunksBeyondAFullDecodeQueueAreDroppedAndCounted() throws Exception {
        Recording rec = new Recording();
        CountDownLatch decoding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AudioSink slow = f -> {
            decoding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rec.onAudio(SESSION, f);
        };
        AtomicInteger drops = new AtomicInteger();
        SessionDataChannels ch = channels(new AudioConfig(16000, 1, 16, "opus"), rec, new int[1], slow, 2,
                drops::incrementAndGet);
        List<byte[]> chunks = opusSweep(6);
        ch.onMessage(0, 53, chunks.get(0));
        assertThat(decoding.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < 6; i++) {
            ch.onMessage(0, 53, chunks.get(i)); // returns at once although the decode thread is stuck
        }
        // The stuck chunk keeps its slot, one more waits; the other four are refused.
        assertThat(drops.get()).isEqualTo(4);
        release.countDown();
        drain(ch);
        assertThat(rec.frames).hasSize(2);
        assertThat(ch.stats().dataChunks()).isEqualTo(6);
        ch.close();
    }

    @Test
    void afterCloseChunksAreCountedButNeitherDecodedNorDropped() throws Exception {
        Recording rec = new Recording();
        AtomicInteger drops = new AtomicInteger();
        SessionDataChannels ch = channels(new AudioConfig(16000, 1, 16, "opus"), rec, new int[1],
                f -> rec.onAudio(SESSION, f), 50, drops::incrementAndGet);
        List<byte[]> chunks = opusSweep(3);
        ch.onMessage(0, 53, chunks.get(0));
        drain(ch);
        ch.close();
        ch.onMessage(0, 53, chunks.get(1));
        ch.onMessage(0, 53, chunks.get(2));
        assertThat(rec.frames).hasSize(1);
        assertThat(drops.get()).isZero();
        assertThat(ch.stats().dataChunks()).isEqualTo(3);
        assertThat(ch.queued()).isZero();
    }
}
