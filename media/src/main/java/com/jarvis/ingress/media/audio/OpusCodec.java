package com.jarvis.ingress.media.audio;

/**
 * One Opus decoder state: the part of {@link OpusAudioDecoder} that differs between implementations (Concentus in
 * Java, or the system's libopus through JNA). Mono output at {@link #sampleRate()}. Used by one thread at a time;
 * never throws for bad packets.
 */
public interface OpusCodec extends AutoCloseable {

    /** Output sample rate: 48 000 or 16 000. */
    int sampleRate();

    /**
     * Decodes one packet (or, with {@code packet == null}, conceals {@code frameSize} lost samples) into
     * {@code pcm[0, frameSize)}; with {@code fec}, decodes the in-band FEC of the packet before {@code packet}.
     * The same contract as libopus's {@code opus_decode}.
     *
     * @return samples written, or a negative number when the packet could not be decoded (or the codec is closed)
     */
    int decode(byte[] packet, int off, int len, short[] pcm, int frameSize, boolean fec);

    /** Forgets the stream history. */
    void reset();

    /** Frees the state; later calls to {@link #decode} fail. Idempotent. */
    @Override
    void close();
}
