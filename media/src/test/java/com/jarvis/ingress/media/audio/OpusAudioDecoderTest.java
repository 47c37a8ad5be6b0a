package com.jarvis.ingress.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusMode;
import io.github.jaredmdobson.concentus.OpusPacketInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every case runs against both implementations: the system's libopus (JNA) and Concentus. */
class OpusAudioDecoderTest {

    private static final int WARMUP = 1600; // 100 ms at 16 kHz: encoder start-up and codec delay

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void decodesMono48kToneTo16kAtTheSameFrequency(OpusImplementation impl) {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, false);
        assertThat(packets).hasSize(50);
        // Hybrid is what browsers send; Concentus decodes it to silence below 48 kHz (concentus#67).
        assertThat(OpusPacketInfo.getEncoderMode(packets.get(10), 0)).isEqualTo(OpusMode.MODE_HYBRID);
        OpusAudioDecoder decoder = decoder(impl);

        short[] pcm = decodeAll(decoder, packets);

        assertThat(pcm).hasSize(16000);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
        assertThat(ToneAnalyzer.rms(pcm, WARMUP, pcm.length - WARMUP)).isCloseTo(7071, within(1500.0));
        assertThat(decoder.decodedPackets()).isEqualTo(50);
        assertThat(decoder.decodedSamples()).isEqualTo(16000);
        assertThat(decoder.errors()).isZero();
    }

    /**
     * What a browser sends once the router asks for {@code maxplaybackrate=16000}: SILK-only wideband packets from a
     * 48 kHz capture. They decode to 16 kHz directly, each 20 ms packet to 320 samples, with the tones where they
     * were, up to just under the 8 kHz band edge.
     */
    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void decodesWidebandSilkPacketsOfA48kSenderTo16k(OpusImplementation impl) {
        for (double hz : new double[] {440, 1000, 3000, 6000}) {
            List<byte[]> packets = TestSignals.opusWideband(TestSignals.sine(hz, 48000, 48000, 10000));
            assertThat(packets).hasSize(50);
            assertThat(OpusPacketInfo.getEncoderMode(packets.get(10), 0)).isEqualTo(OpusMode.MODE_SILK_ONLY);
            assertThat(OpusPacketInfo.getBandwidth(packets.get(10), 0))
                    .isEqualTo(OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND);
            OpusAudioDecoder decoder = decoder(impl);

            short[] pcm = decodeAll(decoder, packets);

            assertThat(pcm).hasSize(16000);
            assertThat(decoder.decodedSamples()).isEqualTo(16000);
            assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).as("%s Hz", hz)
                    .isCloseTo(hz, within(10.0));
            assertThat(ToneAnalyzer.rms(pcm, WARMUP, pcm.length - WARMUP)).as("%s Hz", hz)
                    .isCloseTo(7071, within(2500.0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void decodesPacketsEncodedAt16k(OpusImplementation impl) {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 16000, 16000, 10000), 16000, 1, 24000, false);
        short[] pcm = decodeAll(decoder(impl), packets);

        assertThat(pcm).hasSize(16000);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void stereoPacketsDecodeToMono(OpusImplementation impl) {
        short[] left = TestSignals.sine(440, 48000, 48000, 10000);
        short[] right = TestSignals.sine(440, 48000, 48000, 10000);
        List<byte[]> packets = TestSignals.opus(TestSignals.interleave(left, right), 48000, 2, 64000, false);
        assertThat(OpusPacketInfo.getNumEncodedChannels(packets.get(10), 0)).isEqualTo(2);

        short[] pcm = decodeAll(decoder(impl), packets);

        assertThat(pcm).hasSize(16000);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
        assertThat(ToneAnalyzer.rms(pcm, WARMUP, pcm.length - WARMUP)).isGreaterThan(4000);
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void malformedPacketsReturnErrorAndAreCounted(OpusImplementation impl) {
        OpusAudioDecoder decoder = decoder(impl);
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

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void randomBytesNeverThrowAndTheDecoderKeepsWorking(OpusImplementation impl) {
        OpusAudioDecoder decoder = decoder(impl);
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            int n = decoder.decode(junk, 0, junk.length);
            assertThat(n).isBetween(OpusAudioDecoder.ERROR, OpusAudioDecoder.MAX_SAMPLES);
        }
        assertThat(decoder.errors()).isPositive();

        assertDecodesToneAfterReset(decoder, TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, false));
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void concealmentContinuesTheToneForTheLostDuration(OpusImplementation impl) {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, false);
        OpusAudioDecoder decoder = decoder(impl);
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

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void fecRecoversALostPacketFromTheNextOne(OpusImplementation impl) {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, true);
        OpusAudioDecoder decoder = decoder(impl);
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

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void fecWithAMalformedNextPacketFallsBackToConcealment(OpusImplementation impl) {
        OpusAudioDecoder decoder = decoder(impl);
        byte[] bad = {(byte) 0x03};

        assertThat(decoder.decodeFec(bad, 0, 1, 640)).isEqualTo(640);
        assertThat(decoder.errors()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void truncatedAndOversizedPacketsNeverThrowAndTheStreamRecovers(OpusImplementation impl) {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, true);
        OpusAudioDecoder decoder = decoder(impl);
        int refused = 0;
        for (byte[] p : packets.subList(0, 20)) {
            for (int cut = 1; cut < p.length; cut += 7) {
                int n = decoder.decode(p, 0, cut); // every prefix of a real packet
                assertThat(n).isBetween(OpusAudioDecoder.ERROR, OpusAudioDecoder.MAX_SAMPLES);
                refused += n == OpusAudioDecoder.ERROR ? 1 : 0;
            }
        }
        byte[] huge = Arrays.copyOf(packets.get(0), OpusAudioDecoder.MAX_PACKET_BYTES + 1);
        assertThat(decoder.decode(huge, 0, huge.length)).isEqualTo(OpusAudioDecoder.ERROR);
        assertThat(decoder.decodeFec(huge, 0, huge.length, 320)).as("FEC falls back to concealment").isEqualTo(320);
        assertThat(decoder.errors()).isEqualTo(refused + 1L);

        assertDecodesToneAfterReset(decoder, packets);
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void aClosedDecoderDecodesNothingAndNeverThrows(OpusImplementation impl) {
        List<byte[]> packets = TestSignals.opus(TestSignals.sine(440, 48000, 9600, 10000), 48000, 1, 32000, true);
        OpusAudioDecoder decoder = decoder(impl);
        byte[] p = packets.get(0);
        assertThat(decoder.decode(p, 0, p.length)).isEqualTo(320);

        decoder.close();
        decoder.close();

        assertThat(decoder.decode(p, 0, p.length)).isEqualTo(OpusAudioDecoder.ERROR);
        assertThat(decoder.decodeLost(320)).isZero();
        assertThat(decoder.decodeFec(p, 0, p.length, 320)).isZero();
        decoder.reset();
        assertThat(decoder.decodedPackets()).isEqualTo(1);
    }

    /** A decoder of {@code impl}; the native one must load (CI installs libopus0). */
    static OpusAudioDecoder decoder(OpusImplementation impl) {
        if (impl == OpusImplementation.NATIVE) {
            assertThat(OpusDecoders.nativeAvailable())
                    .as("libopus must load (apt-get install libopus0): %s", OpusDecoders.nativeUnavailableReason())
                    .isTrue();
        }
        return OpusDecoders.select(impl).create();
    }

    private static void assertDecodesToneAfterReset(OpusAudioDecoder decoder, List<byte[]> packets) {
        decoder.reset();
        short[] pcm = decodeAll(decoder, packets);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, WARMUP, pcm.length - WARMUP, 16000)).isCloseTo(440, within(10.0));
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
