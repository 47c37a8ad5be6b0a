package com.jarvis.ingress.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.jarvis.ingress.support.AudioEnvelope.Alignment;
import com.jarvis.ingress.support.AudioEnvelope.Pcm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class AudioEnvelopeTest {

    /** Speech-like: noise in "syllables" of random length and loudness, with pauses between them. */
    static short[] syllables(long seed, int sampleRate, double seconds) {
        Random r = new Random(seed);
        short[] out = new short[(int) (sampleRate * seconds)];
        int i = 0;
        while (i < out.length) {
            int burst = sampleRate * (60 + r.nextInt(240)) / 1000;
            double amp = 2000 + r.nextInt(20000);
            for (int k = 0; k < burst && i < out.length; k++, i++) {
                out[i] = (short) (amp * Math.sin(Math.PI * k / burst) * (r.nextDouble() * 2 - 1));
            }
            i += sampleRate * (20 + r.nextInt(200)) / 1000;
        }
        return out;
    }

    /** Every third sample: 48 kHz -> 16 kHz, crudely, like the service's view of the source. */
    static short[] decimate3(short[] in) {
        short[] out = new short[in.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = in[i * 3];
        }
        return out;
    }

    @Test
    void identicalAudioCorrelatesFullyAtZeroDelay() {
        double[] env = AudioEnvelope.envelope(syllables(1, 16000, 10), 16000);
        Alignment a = AudioEnvelope.bestAlignment(env, env, 2.0);
        assertThat(a.correlation()).isCloseTo(1.0, within(1e-9));
        assertThat(a.delayFrames()).isZero();
    }

    @Test
    void delayedCopyAtAnotherSampleRateIsFoundWithItsDelay() {
        short[] source = syllables(2, 48000, 10);
        // The copy starts 0.5 s late (silence first) and is at 16 kHz.
        short[] copy16k = decimate3(source);
        short[] delayed = new short[8000 + copy16k.length];
        System.arraycopy(copy16k, 0, delayed, 8000, copy16k.length);
        Alignment a = AudioEnvelope.bestAlignment(AudioEnvelope.envelope(source, 48000),
                AudioEnvelope.envelope(delayed, 16000), 2.0);
        assertThat(a.delayFrames()).isEqualTo(25);
        assertThat(a.delaySeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(a.correlation()).isGreaterThan(0.9);

        // And the other way round: the received audio starts 1 s into the source.
        short[] late = Arrays.copyOfRange(copy16k, 16000, copy16k.length);
        Alignment b = AudioEnvelope.bestAlignment(AudioEnvelope.envelope(source, 48000),
                AudioEnvelope.envelope(late, 16000), 2.0);
        assertThat(b.delayFrames()).isEqualTo(-50);
        assertThat(b.correlation()).isGreaterThan(0.9);
    }

    @Test
    void unrelatedAudioCorrelatesLow() {
        Alignment a = AudioEnvelope.bestAlignment(AudioEnvelope.envelope(syllables(3, 16000, 10), 16000),
                AudioEnvelope.envelope(syllables(4, 16000, 10), 16000), 2.0);
        assertThat(a.correlation()).isLessThan(0.5);
    }

    @Test
    void silenceGivesZeroNotNaN() {
        double[] silence = AudioEnvelope.envelope(new short[16000 * 5], 16000);
        double[] speech = AudioEnvelope.envelope(syllables(5, 16000, 5), 16000);
        assertThat(AudioEnvelope.bestAlignment(silence, speech, 2.0).correlation()).isZero();
        assertThat(AudioEnvelope.bestAlignment(speech, silence, 2.0).correlation()).isZero();
        assertThat(AudioEnvelope.bestAlignment(silence, silence, 2.0).correlation()).isZero();
        assertThat(AudioEnvelope.bestAlignment(new double[0], new double[0], 2.0).correlation()).isZero();
    }

    @Test
    void envelopeIsTheRmsOfEach20msFrame() {
        short[] pcm = new short[16000 / 50 * 2 + 7];
        Arrays.fill(pcm, 0, 320, (short) 1000);
        Arrays.fill(pcm, 320, 640, (short) -3000);
        double[] env = AudioEnvelope.envelope(pcm, 16000);
        assertThat(env).containsExactly(1000.0, 3000.0);
    }

    @Test
    void readsWavAndRawPcmWithTheirDuration() throws Exception {
        short[] samples = syllables(6, 22050, 1.5);
        ByteBuffer le = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            le.putShort(s);
        }
        byte[] raw = le.array();
        AudioFormat format = new AudioFormat(22050, 16, 1, true, false);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(raw), format, samples.length),
                AudioFileFormat.Type.WAVE, wav);

        Pcm fromWav = AudioEnvelope.readWav(wav.toByteArray());
        assertThat(fromWav.sampleRate()).isEqualTo(22050);
        assertThat(fromWav.samples()).containsExactly(samples);
        assertThat(fromWav.seconds()).isCloseTo(1.5, within(1e-3));

        Pcm fromRaw = AudioEnvelope.rawPcm(raw, 22050);
        assertThat(fromRaw.samples()).containsExactly(samples);
        assertThat(AudioEnvelope.pcmSeconds(raw.length, 22050)).isCloseTo(1.5, within(1e-3));
    }
}
