package com.jarvis.ingress.media.audio;

/**
 * Measures PCM: the dominant frequency (Hann-windowed FFT peak, refined by a Goertzel scan around it) and the
 * RMS level. Used by tests and end-to-end checks to prove that audio came through as the tone that was sent.
 * Not for the packet path: it allocates per call.
 */
public final class ToneAnalyzer {

    private ToneAnalyzer() {
    }

    /**
     * The strongest frequency in {@code pcm[off, off+len)}, to within about 0.5 Hz for a clean tone.
     *
     * @return frequency in Hz, or 0 for silence or fewer than 64 samples
     */
    public static double dominantFrequency(short[] pcm, int off, int len, int sampleRate) {
        if (len < 64 || rms(pcm, off, len) == 0) {
            return 0;
        }
        int n = Integer.highestOneBit(Math.min(len, 1 << 16));
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            re[i] = pcm[off + i] * hann;
        }
        fft(re, im);
        int peak = 1;
        double best = -1;
        for (int k = 1; k < n / 2; k++) {
            double p = re[k] * re[k] + im[k] * im[k];
            if (p > best) {
                best = p;
                peak = k;
            }
        }
        double binHz = (double) sampleRate / n;
        // Refine over the whole buffer, which resolves finer than one FFT bin.
        double bestHz = peak * binHz;
        double bestPower = -1;
        for (double f = (peak - 1) * binHz; f <= (peak + 1) * binHz; f += 0.25) {
            double p = goertzelPower(pcm, off, len, sampleRate, f);
            if (p > bestPower) {
                bestPower = p;
                bestHz = f;
            }
        }
        return bestHz;
    }

    /** {@link #dominantFrequency(short[], int, int, int)} over the whole array. */
    public static double dominantFrequency(short[] pcm, int sampleRate) {
        return dominantFrequency(pcm, 0, pcm.length, sampleRate);
    }

    /** Power of one frequency in the buffer (Goertzel), normalised by the length squared. */
    public static double goertzelPower(short[] pcm, int off, int len, int sampleRate, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = off; i < off + len; i++) {
            double s0 = pcm[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return power / ((double) len * len);
    }

    /** Root mean square in sample units (full-scale sine: about 23170). */
    public static double rms(short[] pcm, int off, int len) {
        if (len <= 0) {
            return 0;
        }
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return Math.sqrt(sum / len);
    }

    /** RMS relative to full scale in dB (0 dBFS = a full-scale square wave); -inf for silence. */
    public static double rmsDbfs(short[] pcm, int off, int len) {
        return 20 * Math.log10(rms(pcm, off, len) / 32768.0);
    }

    /** In-place iterative radix-2 FFT; {@code re.length} must be a power of two. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int size = 2; size <= n; size <<= 1) {
            double angle = -2 * Math.PI / size;
            double wr = Math.cos(angle);
            double wi = Math.sin(angle);
            for (int start = 0; start < n; start += size) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < size / 2; k++) {
                    int a = start + k;
                    int b = a + size / 2;
                    double tr = re[b] * cr - im[b] * ci;
                    double ti = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    double nr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = nr;
                }
            }
        }
    }
}
