package com.jarvis.ingress.media.audio;

import java.util.Objects;

/**
 * The decoding half of one audio stream: takes its Opus packets in order, each with how many packets were lost
 * just before it (the caller tracks sequence numbers), and hands 16 kHz frames to an {@link AudioSink}. A single
 * lost packet is recovered with the in-band FEC of the next one; longer gaps are concealed, at most
 * {@link #MAX_CONCEALED_PACKETS} packets' worth (after a long outage silence beats made-up audio). Used by one
 * thread at a time (a {@link DecodePool} lane); frames reuse the decoder's buffer, valid only during the sink call.
 */
public final class OpusStreamDecoder implements AutoCloseable {
    /** Concealment per gap is capped: after a long outage, silence is better than 200 ms of made-up audio. */
    public static final int MAX_CONCEALED_PACKETS = 10;
    private static final int DEFAULT_PACKET_SAMPLES = AudioFrame.SAMPLE_RATE / 50;
    /** The RTP clock of Opus (48 kHz) per 16 kHz sample. */
    private static final int RTP_TICKS_PER_SAMPLE = 3;

    private final OpusAudioDecoder decoder;
    private final AudioSink sink;
    private int packetSamples = DEFAULT_PACKET_SAMPLES;
    private long lastTimestamp;
    private int lastSeq;

    public OpusStreamDecoder(OpusAudioDecoder decoder, AudioSink sink) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * One packet of the stream in {@code packet[off, off + len)}.
     *
     * @param lost    packets missing just before this one (0 for none), recovered by FEC or concealment
     * @param restart the sender restarted its sequence: forget the history instead of concealing
     */
    public void onPacket(byte[] packet, int off, int len, long rtpTimestamp, int seq, int lost, boolean restart) {
        if (restart) {
            decoder.reset();
        } else if (lost == 1) {
            int n = decoder.decodeFec(packet, off, len, packetSamples);
            if (n > 0) {
                sink.onAudio(new AudioFrame(decoder.pcm(), n,
                        (lastTimestamp + (long) RTP_TICKS_PER_SAMPLE * packetSamples) & 0xffffffffL,
                        (lastSeq + 1) & 0xffff, true));
            }
        } else if (lost > 1) {
            conceal(lost);
        }
        lastSeq = seq;
        lastTimestamp = rtpTimestamp;
        int n = decoder.decode(packet, off, len);
        if (n > 0) {
            packetSamples = n;
            sink.onAudio(new AudioFrame(decoder.pcm(), n, rtpTimestamp, seq, false));
        }
    }

    private void conceal(int lost) {
        int remaining = Math.min(lost, MAX_CONCEALED_PACKETS) * packetSamples;
        long ts = lastTimestamp;
        int seq = lastSeq;
        while (remaining > 0) {
            int n = decoder.decodeLost(Math.min(remaining, OpusAudioDecoder.MAX_SAMPLES));
            if (n <= 0) {
                break;
            }
            remaining -= n;
            seq = (seq + 1) & 0xffff;
            ts = (ts + (long) RTP_TICKS_PER_SAMPLE * n) & 0xffffffffL;
            sink.onAudio(new AudioFrame(decoder.pcm(), n, ts, seq, true));
        }
    }

    public OpusAudioDecoder decoder() {
        return decoder;
    }

    /** Frees the decoder (native memory with libopus). */
    @Override
    public void close() {
        decoder.close();
    }
}
