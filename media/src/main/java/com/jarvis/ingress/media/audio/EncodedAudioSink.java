package com.jarvis.ingress.media.audio;

/**
 * An {@link AudioSink} that takes a stream's Opus packets undecoded (for a consumer that decodes them itself, such
 * as an ASR gateway). A producer given a sink of this type hands every accepted RTP payload to
 * {@link #onEncoded} and decodes nothing: no PCM, no FEC or concealment (the consumer sees the gaps through the
 * RTP sequence numbers). Called on the I/O thread: must not block; {@code packet} is only valid during the call.
 */
public interface EncodedAudioSink extends AudioSink {

    /**
     * One Opus packet (an RTP payload) in {@code packet[off, off + len)}.
     *
     * @param samples the packet's duration in 16 kHz samples (from its TOC byte), or 0 when it cannot be parsed
     */
    void onEncoded(byte[] packet, int off, int len, int samples, long rtpTimestamp, int sequenceNumber);

    /** Never called by a producer with pass-through; a decoded source (data channels) may still use it. */
    @Override
    default void onAudio(AudioFrame frame) {
    }
}
