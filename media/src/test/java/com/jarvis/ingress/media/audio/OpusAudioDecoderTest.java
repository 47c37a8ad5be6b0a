package com.jarvis.ingress.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.jaredmdobson.concentus.OpusMode;
import io.github.jaredmdobson.concentus.OpusPacketInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpusAudioDecoderTest {

    private static final int WARMUP = 1600; // 100 ms at 16 kHz: encoder start-up and codec delay

    @Test
    void decodesMono48kToneTo16kAtTheSameFrequency() {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, false);
        assertThat(packets).hasSize(50);
        // Hybrid is what browsers send; Concentus decodes it to silence below 48 kHz (concentus#67).
        assertThat(OpusPacketInfo.getEncoderMode(packets.get(10), 0)).isEqualTo(OpusMode.MODE_HYBRID);
        OpusAudioDecoder decoder = new OpusAudioDecoder();

        short[] pcm = decodeAll(decoder, packets);

        assertThat(pcm).hasSize(16000);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
        assertThat(ToneAnalyzer.rms(pcm, WARMUP, pcm.length - WARMUP)).isCloseTo(7071, within(1500.0));
        assertThat(decoder.decodedPackets()).isEqualTo(50);
        assertThat(decoder.decodedSamples()).isEqualTo(16000);
        assertThat(decoder.errors()).isZero();
    }

    @Test
    void decodesPacketsEncodedAt16k() {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 16000, 16000, 10000), 16000, 1, 24000, false);
        short[] pcm = decodeAll(new OpusAudioDecoder(), packets);

        assertThat(pcm).hasSize(16000);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
    }

    @Test
    void stereoPacketsDecodeToMono() {
        short[] left = TestSignals.sine(440, 48000, 48000, 10000);
        short[] right = TestSignals.sine(440, 48000, 48000, 10000);
        List<byte[]> packets = TestSignals.opus(TestSignals.interleave(left, right), 48000, 2, 64000, false);
        assertThat(OpusPacketInfo.getNumEncodedChannels(packets.get(10), 0)).isEqualTo(2);

        short[] pcm = decodeAll(new OpusAudioDecoder(), packets);

        assertThat(pcm).hasSize(16000);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
        assertThat(ToneAnalyzer.rms(pcm, WARMUP, pcm.length - WARMUP)).isGreaterThan(4000);
    }

    @Test
    void malformedPacketsReturnErrorAndAreCounted() {
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        byte[][] bad = {
            {},                              // empty payload
            {(byte) 0x03},                   // code 3 without its frame-count byte
            {(byte) 0x03, 0x00},             // code 3 with zero frames
            {(byte) 0x01, 0x10},             // code 1 (two equal frames) with an odd payload
            {(byte) 0x02, (byte) 0xFC, 0x00}, // code 2 whose first frame is longer than the packet
        };
        for (byte[] packet : bad) {
            assertThat(decoder.decode(packet, 0, packet.length)).isEqualTo(OpusAudioDecoder.ERROR);
        }
        assertThat(decoder.decode(null, 0, 10)).isEqualTo(OpusAudioDecoder.ERROR);
        assertThat(decoder.decode(new byte[4], 2, 10)).isEqualTo(OpusAudioDecoder.ERROR);
        assertThat(decoder.errors()).isEqualTo(bad.length + 2);
        assertThat(decoder.decodedPackets()).isZero();
    }

    @Test
    void randomBytesNeverThrowAndTheDecoderKeepsWorking() {
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            int n = decoder.decode(junk, 0, junk.length);
            assertThat(n).isBetween(OpusAudioDecoder.ERROR, OpusAudioDecoder.MAX_SAMPLES);
        }
        assertThat(decoder.errors()).isPositive();

        decoder.reset();
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, false);
        short[] pcm = decodeAll(decoder, packets);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
    }

    @Test
    void concealmentContinuesTheToneForTheLostDuration() {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, false);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        decodeAll(decoder, packets.subList(0, 25));

        int n = decoder.decodeLost(320);

        assertThat(n).isEqualTo(320);
        short[] concealed = Arrays.copyOf(decoder.pcm(), n);
        assertThat(ToneAnalyzer.rms(concealed, 0, n)).isGreaterThan(1000);
        assertThat(ToneAnalyzer.dominantFrequency(concealed, 0, n, 16000)).isCloseTo(440, within(25.0));
        assertThat(decoder.concealedSamples()).isEqualTo(320);
        assertThat(decoder.decodeLost(39)).isZero(); // below one 2.5 ms step
        assertThat(decoder.decodeLost(100_000)).isEqualTo(OpusAudioDecoder.MAX_SAMPLES);
    }

    @Test
    void fecRecoversALostPacketFromTheNextOne() {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, true);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        decodeAll(decoder, packets.subList(0, 25));
        byte[] next = packets.get(26); // packet 25 is lost

        int recovered = decoder.decodeFec(next, 0, next.length, 320);
        short[] fec = Arrays.copyOf(decoder.pcm(), recovered);
        int own = decoder.decode(next, 0, next.length);

        assertThat(recovered).isEqualTo(320);
        assertThat(ToneAnalyzer.dominantFrequency(fec, 0, recovered, 16000)).isCloseTo(440, within(25.0));
        assertThat(ToneAnalyzer.rms(fec, 0, recovered)).isGreaterThan(3000);
        assertThat(own).isEqualTo(320);
        assertThat(decoder.concealedSamples()).isEqualTo(320);
        assertThat(decoder.errors()).isZero();
    }

    @Test
    void fecWithAMalformedNextPacketFallsBackToConcealment() {
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        byte[] bad = {(byte) 0x03};

        assertThat(decoder.decodeFec(bad, 0, 1, 640)).isEqualTo(640);
        assertThat(decoder.errors()).isZero();
    }

    private static short[] decodeAll(OpusAudioDecoder decoder, List<byte[]> packets) {
        List<short[]> out = new ArrayList<>();
        for (byte[] p : packets) {
            int n = decoder.decode(p, 0, p.length);
            assertThat(n).isPositive();
            out.add(Arrays.copyOf(decoder.pcm(), n));
        }
        return TestSignals.concat(out);
    }
}
