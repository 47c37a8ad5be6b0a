package com.jarvis.ingress.media.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Decodes the Opus packets of one stream to 16 kHz mono 16-bit PCM.
 *
 * <p>Opus decodes at 48 kHz mono (a stereo stream is mixed down by the decoder), then {@link PcmResampler}
 * takes it to 16 kHz. Opus could output 16 kHz itself, but Concentus 1.0.2 returns silence for hybrid-mode
 * packets (what browsers send for full-band voice) below 48 kHz (lostromb/concentus#67), so it may not.
 * One instance per stream, used by one thread; it reuses its output buffer ({@link #pcm()}), so results must be
 * consumed before the next call.
 *
 * <p>Bad packets never throw: {@link #decode} returns {@link #ERROR} and {@link #errors()} counts them.
 */
public final class OpusAudioDecoder {

    /** Returned instead of a sample count when a packet could not be decoded. */
    public static final int ERROR = -1;
    /** Largest Opus packet duration (120 ms) at 16 kHz; also the most one concealment call produces. */
    public static final int MAX_SAMPLES = AudioFrame.SAMPLE_RATE * 120 / 1000;
    /** Concealment works in multiples of 2.5 ms, the shortest Opus frame. */
    private static final int CONCEAL_STEP = AudioFrame.SAMPLE_RATE / 400;
    private static final int DECODE_RATE = 48_000;
    private static final int RATIO = DECODE_RATE / AudioFrame.SAMPLE_RATE;

    private final OpusDecoder decoder;
    private final PcmResampler resampler = new PcmResampler(DECODE_RATE, 1);
    private final short[] pcm48 = new short[MAX_SAMPLES * RATIO];
    private final short[] pcm = new short[resampler.maxOutputSamples(pcm48.length * 2)];

    // Written only by the owning thread; volatile so a metrics thread reads recent values.
    private volatile long decodedPackets;
    private volatile long decodedSamples;
    private volatile long concealedSamples;
    private volatile long errors;

    public OpusAudioDecoder() {
        try {
            decoder = new OpusDecoder(DECODE_RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus rejected 48 kHz mono", e);
        }
    }

    /**
     * Decodes one Opus packet (the RTP payload) into {@link #pcm()}.
     *
     * @return samples written at 16 kHz (320 for a 20 ms packet), or {@link #ERROR} for an undecodable packet
     */
    public int decode(byte[] packet, int off, int len) {
        if (packet == null || len <= 0 || off < 0 || off > packet.length - len) {
            errors++;
            return ERROR;
        }
        int n = run(packet, off, len, MAX_SAMPLES * RATIO, false);
        if (n < 0) {
            errors++;
            return ERROR;
        }
        decodedPackets++;
        decodedSamples += n;
        return n;
    }

    /**
     * Packet loss concealment: synthesises {@code samples} (16 kHz, rounded down to a multiple of 2.5 ms and
     * capped at {@link #MAX_SAMPLES}) continuing the signal, for a gap the caller detected.
     *
     * @return samples written into {@link #pcm()} (0 when {@code samples} is below 2.5 ms)
     */
    public int decodeLost(int samples) {
        int n = concealable(samples);
        if (n == 0) {
            return 0;
        }
        int got = run(null, 0, 0, n * RATIO, false);
        if (got < 0) {
            return 0;
        }
        concealedSamples += got;
        return got;
    }

    /**
     * Recovers a gap of {@code lostSamples} just before {@code nextPacket} using the in-band FEC (LBRR) that
     * packet may carry for its predecessor; the part of the gap FEC cannot cover is concealed. Call
     * {@link #decode} on the same packet afterwards for its own audio. Packets without FEC fall back to
     * concealment, as libopus does.
     *
     * @return samples written into {@link #pcm()}, 0 when nothing could be produced
     */
    public int decodeFec(byte[] nextPacket, int off, int len, int lostSamples) {
        int n = concealable(lostSamples);
        if (n == 0) {
            return 0;
        }
        if (nextPacket == null || len <= 0 || off < 0 || off > nextPacket.length - len) {
            return decodeLost(n);
        }
        int got = run(nextPacket, off, len, n * RATIO, true);
        if (got < 0) {
            // Not counted here: the caller decodes this packet next, and that counts it.
            return decodeLost(n);
        }
        concealedSamples += got;
        return got;
    }

    /** The output buffer of the last call; valid until the next call. */
    public short[] pcm() {
        return pcm;
    }

    /** Forgets the stream history, for example after a long gap or an SSRC change. */
    public void reset() {
        decoder.resetState();
        resampler.reset();
    }

    public long decodedPackets() {
        return decodedPackets;
    }

    public long decodedSamples() {
        return decodedSamples;
    }

    public long concealedSamples() {
        return concealedSamples;
    }

    /** Packets that could not be decoded. */
    public long errors() {
        return errors;
    }

    private static int concealable(int samples) {
        if (samples <= 0) {
            return 0;
        }
        return Math.min(samples, MAX_SAMPLES) / CONCEAL_STEP * CONCEAL_STEP;
    }

    /** Decodes at 48 kHz and resamples into {@link #pcm}; returns 16 kHz samples or {@link #ERROR}. */
    private int run(byte[] data, int off, int len, int frameSize48k, boolean fec) {
        try {
            int n = decoder.decode(data, off, len, pcm48, 0, frameSize48k, fec);
            return n <= 0 ? n : resampler.process(pcm48, 0, n, pcm, 0);
        } catch (OpusException e) {
            return ERROR;
        } catch (RuntimeException e) {
            // Concentus is a port of C code: a hostile packet may trip an index check. Its state is then
            // suspect, so start over rather than decode the rest of the stream from it.
            decoder.resetState();
            resampler.reset();
            return ERROR;
        }
    }
}
