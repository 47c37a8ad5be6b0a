package com.jarvis.ingress.media.audio;

/**
 * Decodes the Opus packets of one stream to 16 kHz mono 16-bit PCM, with packet loss concealment and in-band FEC,
 * over an {@link OpusCodec}: the system's libopus (decodes at 16 kHz) or Concentus (decodes at 48 kHz, then
 * {@link PcmResampler} takes it to 16 kHz); {@link OpusDecoders} chooses. {@code new OpusAudioDecoder()} is
 * Concentus. One instance per stream, used by one thread; it reuses its output buffer ({@link #pcm()}), so results
 * must be consumed before the next call, and a warm decoder allocates nothing per packet (Concentus itself does).
 *
 * <p>Bad packets never throw: {@link #decode} returns {@link #ERROR} and {@link #errors()} counts them. Packets
 * longer than {@link #MAX_PACKET_BYTES} are refused whatever the implementation. {@link #close} frees the codec
 * (native memory for libopus); a closed decoder returns {@link #ERROR} / 0 and never throws.
 */
public final class OpusAudioDecoder implements AutoCloseable {

    /** Returned instead of a sample count when a packet could not be decoded. */
    public static final int ERROR = -1;
    /** Largest Opus packet duration (120 ms) at 16 kHz; also the most one concealment call produces. */
    public static final int MAX_SAMPLES = AudioFrame.SAMPLE_RATE * 120 / 1000;
    /** Largest packet decoded (libopus's recommended encoder buffer; browsers send a few hundred bytes at most). */
    public static final int MAX_PACKET_BYTES = LibOpusCodec.MAX_PACKET_BYTES;
    /** Concealment works in multiples of 2.5 ms, the shortest Opus frame. */
    private static final int CONCEAL_STEP = AudioFrame.SAMPLE_RATE / 400;

    private final OpusCodec codec;
    /** Codec samples per 16 kHz sample (3 for 48 kHz, 1 for 16 kHz). */
    private final int ratio;
    /** Null when the codec decodes at 16 kHz. */
    private final PcmResampler resampler;
    private final short[] decoded;
    private final short[] pcm;

    // Written only by the owning thread; volatile so a metrics thread reads recent values.
    private volatile long decodedPackets;
    private volatile long decodedSamples;
    private volatile long concealedSamples;
    private volatile long errors;
    private volatile boolean closed;

    /** Concentus. */
    public OpusAudioDecoder() {
        this(new ConcentusOpusCodec());
    }

    OpusAudioDecoder(OpusCodec codec) {
        this.codec = codec;
        int rate = codec.sampleRate();
        if (rate % AudioFrame.SAMPLE_RATE != 0) {
            throw new IllegalArgumentException("codec rate " + rate + " is not a multiple of 16 kHz");
        }
        this.ratio = rate / AudioFrame.SAMPLE_RATE;
        this.resampler = ratio == 1 ? null : new PcmResampler(rate, 1);
        this.decoded = new short[MAX_SAMPLES * ratio];
        this.pcm = resampler == null ? decoded : new short[resampler.maxOutputSamples(decoded.length * 2)];
    }

    /**
     * Decodes one Opus packet (the RTP payload) into {@link #pcm()}.
     *
     * @return samples written at 16 kHz (320 for a 20 ms packet), or {@link #ERROR} for an undecodable packet
     */
    public int decode(byte[] packet, int off, int len) {
        if (!valid(packet, off, len)) {
            errors++;
            return ERROR;
        }
        int n = run(packet, off, len, MAX_SAMPLES, false);
        if (n <= 0) {
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
        int got = run(null, 0, 0, n, false);
        if (got <= 0) {
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
        if (!valid(nextPacket, off, len)) {
            return decodeLost(n);
        }
        int got = run(nextPacket, off, len, n, true);
        if (got <= 0) {
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
        if (!closed) {
            codec.reset();
            if (resampler != null) {
                resampler.reset();
            }
        }
    }

    /** Frees the codec; idempotent. Later calls decode nothing. */
    @Override
    public void close() {
        closed = true;
        codec.close();
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

    private static boolean valid(byte[] packet, int off, int len) {
        return packet != null && len > 0 && len <= MAX_PACKET_BYTES && off >= 0 && off <= packet.length - len;
    }

    private static int concealable(int samples) {
        if (samples <= 0) {
            return 0;
        }
        return Math.min(samples, MAX_SAMPLES) / CONCEAL_STEP * CONCEAL_STEP;
    }

    /** Decodes at the codec's rate and, if needed, resamples into {@link #pcm}; returns 16 kHz samples or ≤ 0. */
    private int run(byte[] data, int off, int len, int samples16k, boolean fec) {
        if (closed) {
            return ERROR;
        }
        int n = codec.decode(data, off, len, decoded, samples16k * ratio, fec);
        if (n <= 0) {
            return n < 0 ? ERROR : 0;
        }
        return resampler == null ? n : resampler.process(decoded, 0, n, pcm, 0);
    }
}
