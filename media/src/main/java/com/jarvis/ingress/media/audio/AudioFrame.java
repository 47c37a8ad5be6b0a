package com.jarvis.ingress.media.audio;

import java.util.Arrays;

/**
 * A block of 16 kHz mono 16-bit PCM with where it came from in the stream.
 *
 * <p>To keep the packet path allocation-free, producers may hand out a buffer they reuse: {@code pcm} is only
 * valid during the {@link AudioSink#onAudio} call. A sink that keeps audio must {@link #copyPcm()} it.
 *
 * @param pcm            samples; only {@code [0, sampleCount)} is meaningful
 * @param sampleCount    number of valid samples (16 kHz, so 320 per 20 ms)
 * @param rtpTimestamp   RTP timestamp of the packet (48 kHz clock for Opus), or -1 when not from RTP
 * @param sequenceNumber RTP sequence number (0..65535), or -1 when not from RTP
 * @param concealed      true when the samples were synthesised (packet loss concealment or FEC), not decoded
 */
public record AudioFrame(short[] pcm, int sampleCount, long rtpTimestamp, int sequenceNumber, boolean concealed) {

    /** Output sample rate of everything in this package. */
    public static final int SAMPLE_RATE = 16_000;

    public AudioFrame {
        if (pcm == null || sampleCount < 0 || sampleCount > pcm.length) {
            throw new IllegalArgumentException("sampleCount " + sampleCount + " outside pcm buffer");
        }
    }

    /** Frame with no RTP origin (for example PCM from a data channel). */
    public static AudioFrame of(short[] pcm, int sampleCount) {
        return new AudioFrame(pcm, sampleCount, -1, -1, false);
    }

    /** Duration of the frame in microseconds. */
    public long durationMicros() {
        return sampleCount * 1_000_000L / SAMPLE_RATE;
    }

    /** A private copy of the valid samples, safe to keep after the sink call returns. */
    public short[] copyPcm() {
        return Arrays.copyOf(pcm, sampleCount);
    }
}
