package com.jarvis.ingress.media.audio;

import java.util.Arrays;

/**
 * Converts a stream of 16-bit little-endian PCM (8, 16, 24 or 48 kHz; mono or interleaved stereo) to 16 kHz
 * mono, chunk by chunk. Stereo is averaged to mono, then a polyphase windowed-sinc filter (Kaiser window, about
 * 60 dB stop band, pass band to 40 % of the lower rate) converts the rate by the ratio 16000/input.
 *
 * <p>State carries across chunks (filter history, the rate-conversion phase and a split sample frame), so
 * feeding a stream in one chunk or in many gives the same samples. One instance per stream, one thread.
 */
public final class PcmResampler {

    private static final int OUT_RATE = AudioFrame.SAMPLE_RATE;
    /** Kaiser beta for ~60 dB of stop-band attenuation. */
    private static final double KAISER_BETA = 5.65;
    /** Filter length in samples of the lower rate: a transition band of 10 % of that rate at 60 dB. */
    private static final int LENGTH_IN_LOW_RATE_SAMPLES = 36;

    private final int inputRate;
    private final int channels;
    private final int up;    // L: interpolation factor
    private final int down;  // M: decimation factor
    private final int taps;  // K: taps per polyphase branch
    private final float[][] phases;

    private final byte[] carry = new byte[4];
    private int carryLen;
    /** Mono input: [0, taps-1) is history from earlier chunks, new samples follow. */
    private float[] work;
    /** Position of the next output in input samples, scaled by {@code up}, relative to the first new sample. */
    private long position;

    /**
     * @param inputRate 8000, 16000, 24000 or 48000
     * @param channels  1 or 2 (interleaved)
     */
    public PcmResampler(int inputRate, int channels) {
        if (!supports(inputRate, channels)) {
            throw new IllegalArgumentException("unsupported PCM format " + inputRate + " Hz x " + channels);
        }
        this.inputRate = inputRate;
        this.channels = channels;
        int g = gcd(OUT_RATE, inputRate);
        this.up = OUT_RATE / g;
        this.down = inputRate / g;
        this.phases = design(up, down, Math.min(inputRate, OUT_RATE), inputRate * up);
        this.taps = phases[0].length;
        this.work = new float[taps - 1 + 960];
    }

    /** Whether this class converts the given format. */
    public static boolean supports(int inputRate, int channels) {
        return (inputRate == 8000 || inputRate == 16000 || inputRate == 24000 || inputRate == 48000)
                && (channels == 1 || channels == 2);
    }

    public int inputRate() {
        return inputRate;
    }

    public int channels() {
        return channels;
    }

    /** Output samples a chunk of {@code inputBytes} can produce at most; size the output buffer with it. */
    public int maxOutputSamples(int inputBytes) {
        long frames = (inputBytes + carry.length) / (2L * channels);
        return (int) ((frames * up + down - 1) / down) + 1;
    }

    /**
     * Converts one chunk. A trailing partial sample frame (odd byte count, half a stereo frame) is kept for the
     * next chunk.
     *
     * @param out    receives 16 kHz mono samples from {@code outOff}; needs {@link #maxOutputSamples(int)} room
     * @return samples written
     */
    public int process(byte[] in, int off, int len, short[] out, int outOff) {
        int frameBytes = 2 * channels;
        int frames = (carryLen + len) / frameBytes;
        if (out.length - outOff < maxOutputSamples(len)) {
            throw new IllegalArgumentException("output buffer too small for " + len + " input bytes");
        }
        ensureWork(frames);
        int w = taps - 1;
        int i = off;
        int end = off + len;
        if (carryLen > 0) {
            // Complete the split frame from the previous chunk.
            while (carryLen < frameBytes && i < end) {
                carry[carryLen++] = in[i++];
            }
            if (carryLen == frameBytes) {
                work[w++] = frameToMono(carry, 0);
                carryLen = 0;
            }
        }
        while (end - i >= frameBytes) {
            work[w++] = frameToMono(in, i);
            i += frameBytes;
        }
        while (i < end) {
            carry[carryLen++] = in[i++];
        }
        return filter(w - (taps - 1), out, outOff);
    }

    /**
     * Converts one chunk of interleaved 16-bit samples ({@code frames} sample frames from {@code off}).
     *
     * @param out receives 16 kHz mono samples from {@code outOff}; needs {@link #maxOutputSamples(int)} room
     *            for {@code 2 * channels * frames} bytes
     * @return samples written
     */
    public int process(short[] in, int off, int frames, short[] out, int outOff) {
        if (out.length - outOff < maxOutputSamples(frames * 2 * channels)) {
            throw new IllegalArgumentException("output buffer too small for " + frames + " input frames");
        }
        ensureWork(frames);
        int w = taps - 1;
        int end = off + frames * channels;
        if (channels == 1) {
            for (int i = off; i < end; i++) {
                work[w++] = in[i];
            }
        } else {
            for (int i = off; i < end; i += 2) {
                work[w++] = (in[i] + in[i + 1]) * 0.5f;
            }
        }
        return filter(frames, out, outOff);
    }

    /** Forgets history and phase, for a new stream. */
    public void reset() {
        Arrays.fill(work, 0f);
        carryLen = 0;
        position = 0;
    }

    private float frameToMono(byte[] b, int i) {
        int left = (short) ((b[i] & 0xff) | (b[i + 1] << 8));
        if (channels == 1) {
            return left;
        }
        int right = (short) ((b[i + 2] & 0xff) | (b[i + 3] << 8));
        return (left + right) * 0.5f;
    }

    /**
     * Output n uses input x[floor(n*M/L) - k] for k in [0, K) with branch (n*M mod L): the textbook
     * zero-stuff / filter / decimate, computing only the products that are not zero.
     */
    private int filter(int fresh, short[] out, int outOff) {
        int written = 0;
        long limit = (long) fresh * up;
        while (position < limit) {
            int base = (int) (position / up) + taps - 1;
            float[] h = phases[(int) (position % up)];
            float acc = 0f;
            for (int k = 0; k < taps; k++) {
                acc += h[k] * work[base - k];
            }
            out[outOff + written++] = clamp(acc);
            position += down;
        }
        position -= limit;
        System.arraycopy(work, fresh, work, 0, taps - 1);
        return written;
    }

    private void ensureWork(int frames) {
        int needed = taps - 1 + frames + 1;
        if (work.length < needed) {
            work = Arrays.copyOf(work, Math.max(needed, work.length * 2));
        }
    }

    private static short clamp(float v) {
        int r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /** Kaiser-windowed sinc low-pass at the up-sampled rate, split into {@code up} branches of unity DC gain. */
    private static float[][] design(int up, int down, int lowRate, int upsampledRate) {
        if (up == 1 && down == 1) {
            return new float[][] {{1f}};
        }
        int total = (int) Math.ceil((double) LENGTH_IN_LOW_RATE_SAMPLES * upsampledRate / lowRate);
        total = (total + up - 1) / up * up;
        double cutoff = 0.45 * lowRate / upsampledRate; // cycles per up-sampled sample
        double centre = (total - 1) / 2.0;
        double[] h = new double[total];
        double i0Beta = besselI0(KAISER_BETA);
        for (int j = 0; j < total; j++) {
            double t = j - centre;
            double x = 2 * cutoff * t;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = t / (centre + 0.5);
            double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[j] = sinc * window;
        }
        int branchTaps = total / up;
        float[][] phases = new float[up][branchTaps];
        for (int p = 0; p < up; p++) {
            double sum = 0;
            for (int k = 0; k < branchTaps; k++) {
                sum += h[p + up * k];
            }
            for (int k = 0; k < branchTaps; k++) {
                phases[p][k] = (float) (h[p + up * k] / sum);
            }
        }
        return phases;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
