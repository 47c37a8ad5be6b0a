package com.jarvis.ingress.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcmResamplerTest {

    private static final int SKIP = 160; // filter start-up, 10 ms at 16 kHz

    @Test
    void downsamples48kTo16kKeepingFrequencyLevelAndDuration() {
        short[] tone = TestSignals.sine(1000, 48000, 48000, 10000);

        short[] out = resample(new PcmResampler(48000, 1), TestSignals.littleEndian(tone));

        assertOneSecondToneAt16k(out, 1000);
    }

    @Test
    void downsamples24kTo16k() {
        short[] tone = TestSignals.sine(1000, 24000, 24000, 10000);

        short[] out = resample(new PcmResampler(24000, 1), TestSignals.littleEndian(tone));

        assertOneSecondToneAt16k(out, 1000);
    }

    @Test
    void upsamples8kTo16kWithoutImages() {
        short[] tone = TestSignals.sine(440, 8000, 8000, 10000);

        short[] out = resample(new PcmResampler(8000, 1), TestSignals.littleEndian(tone));

        assertOneSecondToneAt16k(out, 440);
        int n = out.length - SKIP;
        double tone440 = ToneAnalyzer.goertzelPower(out, SKIP, n, 16000, 440);
        double image = ToneAnalyzer.goertzelPower(out, SKIP, n, 16000, 8000 - 440);
        assertThat(10 * Math.log10(tone440 / image)).isGreaterThan(50);
    }

    @Test
    void removesContentAboveTheNewNyquistInsteadOfAliasingIt() {
        // 12 kHz at 48 kHz would fold to 4 kHz at 16 kHz without the low-pass.
        short[] high = TestSignals.sine(12000, 48000, 48000, 10000);

        short[] out = resample(new PcmResampler(48000, 1), TestSignals.littleEndian(high));

        assertThat(ToneAnalyzer.rms(out, SKIP, out.length - SKIP)).isLessThan(10);
    }

    @Test
    void sixteenKMonoPassesThroughUnchanged() {
        short[] tone = TestSignals.sine(440, 16000, 1600, 10000);

        short[] out = resample(new PcmResampler(16000, 1), TestSignals.littleEndian(tone));

        assertThat(out).isEqualTo(tone);
    }

    @Test
    void stereoIsAveragedToMono() {
        short[] tone = TestSignals.sine(1000, 48000, 4800, 10000);
        short[] inverted = new short[tone.length];
        for (int i = 0; i < tone.length; i++) {
            inverted[i] = (short) -tone[i];
        }
        short[] silent = new short[tone.length];

        short[] cancelled = resample(new PcmResampler(48000, 2), TestSignals.littleEndian(TestSignals.interleave(tone, inverted)));
        short[] halved = resample(new PcmResampler(48000, 2), TestSignals.littleEndian(TestSignals.interleave(tone, silent)));
        short[] same = resample(new PcmResampler(16000, 2), TestSignals.littleEndian(TestSignals.interleave(tone, tone)));

        assertThat(cancelled).hasSize(1600).containsOnly((short) 0);
        assertThat(halved).hasSize(1600);
        assertThat(ToneAnalyzer.rms(halved, SKIP, halved.length - SKIP)).isCloseTo(3536, within(60.0));
        assertThat(same).isEqualTo(tone);
    }

    @Test
    void manySmallChunksGiveTheSameOutputAsOneChunk() {
        for (int rate : new int[] {8000, 24000, 48000}) {
            for (int channels : new int[] {1, 2}) {
                short[] left = TestSignals.sine(700, rate, rate / 2, 9000);
                short[] right = TestSignals.sine(300, rate, rate / 2, 9000);
                byte[] pcm = TestSignals.littleEndian(channels == 1 ? left : TestSignals.interleave(left, right));
                short[] whole = resample(new PcmResampler(rate, channels), pcm);

                PcmResampler chunked = new PcmResampler(rate, channels);
                short[] out = new short[whole.length + 16];
                int written = 0;
                Random random = new Random(rate + channels);
                for (int pos = 0; pos < pcm.length; ) {
                    int len = Math.min(pcm.length - pos, 1 + random.nextInt(701)); // odd sizes split samples
                    short[] part = new short[chunked.maxOutputSamples(len)];
                    int n = chunked.process(pcm, pos, len, part, 0);
                    System.arraycopy(part, 0, out, written, n);
                    written += n;
                    pos += len;
                }

                assertThat(Arrays.copyOf(out, written)).as("%d Hz x %d", rate, channels).isEqualTo(whole);
                assertThat(written).isEqualTo(8000);
            }
        }
    }

    @Test
    void shortInputMatchesByteInput() {
        short[] tone = TestSignals.sine(1000, 48000, 4800, 10000);
        short[] fromBytes = resample(new PcmResampler(48000, 1), TestSignals.littleEndian(tone));
        PcmResampler resampler = new PcmResampler(48000, 1);
        short[] out = new short[resampler.maxOutputSamples(tone.length * 2)];

        int n = resampler.process(tone, 0, tone.length, out, 0);

        assertThat(Arrays.copyOf(out, n)).isEqualTo(fromBytes);
    }

    @Test
    void rejectsUnsupportedFormatsAndShortOutputBuffers() {
        assertThat(PcmResampler.supports(44100, 1)).isFalse();
        assertThat(PcmResampler.supports(48000, 3)).isFalse();
        assertThatThrownBy(() -> new PcmResampler(44100, 1)).isInstanceOf(IllegalArgumentException.class);
        PcmResampler resampler = new PcmResampler(48000, 1);
        assertThatThrownBy(() -> resampler.process(new byte[1920], 0, 1920, new short[10], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** One second at 16 kHz of a tone at {@code hz} with amplitude 10000 (RMS 7071), past the filter start-up. */
    private static void assertOneSecondToneAt16k(short[] out, double hz) {
        assertThat(out).hasSize(16000);
        int n = out.length - SKIP;
        assertThat(ToneAnalyzer.dominantFrequency(out, SKIP, n, 16000)).isCloseTo(hz, within(2.0));
        assertThat(ToneAnalyzer.rms(out, SKIP, n)).isCloseTo(7071, within(100.0));
    }

    private static short[] resample(PcmResampler resampler, byte[] pcm) {
        short[] out = new short[resampler.maxOutputSamples(pcm.length)];
        int n = resampler.process(pcm, 0, pcm.length, out, 0);
        return Arrays.copyOf(out, n);
    }
}
