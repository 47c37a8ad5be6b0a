package com.jarvis.ingress.media.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);

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

    /**
     * Writes {@code pcm[from, from + count)} into {@code dst} from {@code dstOff} as 16-bit little-endian samples
     * (the layout of WAV files and of PCM frames for the ASR gateway). One 16-bit store per sample: the JIT compiles
     * the view handle to a plain store on little-endian machines, where a byte-at-a-time loop took two stores and a
     * shift per sample, on every decoded frame.
     */
    public static void toLittleEndian(short[] pcm, int from, int count, byte[] dst, int dstOff) {
        for (int k = 0; k < count; k++) {
            SHORT_LE.set(dst, dstOff + 2 * k, pcm[from + k]);
        }
    }

    /** A private copy of the valid samples, safe to keep after the sink call returns. */
    public short[] copyPcm() {
        return Arrays.copyOf(pcm, sampleCount);
    }
}
