package com.jarvis.ingress.media.audio;

/**
 * An {@link AudioSink} that takes a stream's Opus packets undecoded (for a consumer that decodes them itself, such
 * as an ASR gateway). A producer given a sink of this type hands every accepted in-order RTP payload to
 * {@link #onEncoded} and, unless {@link #alsoDecode()}, decodes nothing: no PCM, no FEC or concealment (the
 * consumer sees the gaps through the RTP sequence numbers). Called on the I/O thread: must not block;
 * {@code packet} is only valid during the call.
 */
public interface EncodedAudioSink extends AudioSink {

    /**
     * One Opus packet (an RTP payload) in {@code packet[off, off + len)}.
     *
     * @param samples the packet's duration in 16 kHz samples (from its TOC byte), or 0 when it cannot be parsed
     */
    void onEncoded(byte[] packet, int off, int len, int samples, long rtpTimestamp, int sequenceNumber);

    /** True when the sink wants the decoded PCM too ({@link #onAudio}), for other consumers of the stream. */
    default boolean alsoDecode() {
        return false;
    }

    /** Called only when {@link #alsoDecode()}. */
    @Override
    default void onAudio(AudioFrame frame) {
    }
}
