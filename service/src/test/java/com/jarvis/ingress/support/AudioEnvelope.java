package com.jarvis.ingress.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Compares audio by its loudness over time: 20 ms RMS amplitude envelopes, aligned for delay by the maximum of their
 * normalised cross-correlation. Speech has an envelope that identifies it (syllables, pauses), robust to what a
 * lossy codec, resampling and a different sample rate change; so "the stored/forwarded audio is what the client
 * sent, in order" becomes "the envelopes correlate at ≥ 0.8 after alignment".
 */
public final class AudioEnvelope {
    /** Envelope resolution. */
    public static final int FRAME_MS = 20;

    private AudioEnvelope() {
    }

    /** Mono 16-bit samples at a sample rate. */
    public record Pcm(short[] samples, int sampleRate) {
        public double seconds() {
            return (double) samples.length / sampleRate;
        }

        /** The envelope of these samples. */
        public double[] envelope() {
            return AudioEnvelope.envelope(samples, sampleRate);
        }
    }

    /**
     * The best alignment of two envelopes.
     *
     * @param correlation Pearson correlation of the overlapping frames at the best delay, in [-1, 1]; 0 when either
     *                    side is constant (silence) over the overlap
     * @param delayFrames how many envelope frames {@code received} lags {@code reference}: received[i] lines up with
     *                    reference[i - delayFrames] (negative: received starts later in the reference)
     */
    public record Alignment(double correlation, int delayFrames) {
        public double delaySeconds() {
            return delayFrames * FRAME_MS / 1000.0;
        }
    }

    /** A WAV file (16-bit PCM; the first channel if several). */
    public static Pcm readWav(Path wav) throws IOException {
        return readWav(Files.readAllBytes(wav));
    }

    /** A WAV file's bytes (16-bit PCM; the first channel if several), e.g. a response body. */
    public static Pcm readWav(byte[] wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16) {
                throw new IOException("not 16-bit signed PCM: " + f);
            }
            short[] interleaved = toShorts(in.readAllBytes(), f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int channels = f.getChannels();
            short[] mono = new short[interleaved.length / channels];
            for (int i = 0; i < mono.length; i++) {
                mono[i] = interleaved[i * channels];
            }
            return new Pcm(mono, Math.round(f.getSampleRate()));
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file this JDK reads: " + e.getMessage(), e);
        }
    }

    /** Raw 16-bit little-endian mono PCM (e.g. AudioFrame.pcm of the ASR gateway protocol). */
    public static Pcm rawPcm(byte[] le16, int sampleRate) {
        return new Pcm(toShorts(le16, ByteOrder.LITTLE_ENDIAN), sampleRate);
    }

    /** Seconds of audio in {@code bytes} of 16-bit mono PCM at {@code sampleRate}. */
    public static double pcmSeconds(long bytes, int sampleRate) {
        return bytes / 2.0 / sampleRate;
    }

    /** RMS amplitude (0..32768) of each whole 20 ms frame; a trailing partial frame is left out. */
    public static double[] envelope(short[] samples, int sampleRate) {
        int frame = sampleRate * FRAME_MS / 1000;
        if (frame <= 0) {
            throw new IllegalArgumentException("sample rate " + sampleRate);
        }
        double[] env = new double[samples.length / frame];
        for (int f = 0; f < env.length; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += (double) samples[i] * samples[i];
            }
            env[f] = Math.sqrt(sum / frame);
        }
        return env;
    }

    /**
     * The delay within ±{@code maxDelayFrames} at which {@code received} correlates best with {@code reference}.
     * Only delays where the two overlap for at least half the shorter envelope count, so a few frames that
     * happen to line up at the edge cannot win.
     */
    public static Alignment bestAlignment(double[] reference, double[] received, int maxDelayFrames) {
        int minOverlap = Math.max(1, Math.min(reference.length, received.length) / 2);
        Alignment best = new Alignment(0, 0);
        boolean found = false;
        for (int d = -maxDelayFrames; d <= maxDelayFrames; d++) {
            // received[i] vs reference[i - d]
            int from = Math.max(0, d);
            int to = Math.min(received.length, reference.length + d);
            if (to - from < minOverlap) {
                continue;
            }
            double c = correlation(reference, received, d, from, to);
            if (!found || c > best.correlation()) {
                best = new Alignment(c, d);
                found = true;
            }
        }
        return best;
    }

    /** {@link #bestAlignment(double[], double[], int)} with the window in seconds. */
    public static Alignment bestAlignment(double[] reference, double[] received, double maxDelaySeconds) {
        return bestAlignment(reference, received, (int) Math.round(maxDelaySeconds * 1000 / FRAME_MS));
    }

    private static double correlation(double[] reference, double[] received, int d, int from, int to) {
        int n = to - from;
        double meanA = 0;
        double meanB = 0;
        for (int i = from; i < to; i++) {
            meanA += reference[i - d];
            meanB += received[i];
        }
        meanA /= n;
        meanB /= n;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = from; i < to; i++) {
            double a = reference[i - d] - meanA;
            double b = received[i] - meanB;
            ab += a * b;
            aa += a * a;
            bb += b * b;
        }
        // A constant side (silence) carries no shape to match: no correlation rather than NaN.
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    private static short[] toShorts(byte[] bytes, ByteOrder order) {
        short[] out = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(order).asShortBuffer().get(out);
        return out;
    }
}
