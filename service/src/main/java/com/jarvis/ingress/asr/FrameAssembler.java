package com.jarvis.ingress.asr;

import com.jarvis.ingress.asr.v1.AudioFrame.Source;
import java.util.function.Consumer;

/**
 * Cuts one session's audio into gateway frames of {@code frameSamples} (16 kHz) and numbers them 0, 1, 2, ...
 * PCM is written straight into the frame's little-endian byte array; Opus packets are appended with a 2-byte
 * big-endian length prefix ({@link OpusFrameWriter}). A change of source or encoding, the end of the media and
 * the end of the session complete the frame early (a shorter frame), so every frame has one source.
 * Not thread-safe: the caller serialises calls.
 */
final class FrameAssembler {
    /**
     * An Opus frame starts this small and grows: a voice frame is a few hundred bytes, and the frame being filled
     * stays in the heap for as long as a session is silent (it was 16 KB, the frame's upper bound, each time).
     */
    static final int OPUS_INITIAL_BYTES = 1024;

    private final int frameSamples;
    private final Consumer<BufferedFrame> out;
    private long nextSequence;

    // The frame being filled; buf == null when there is none.
    private byte[] buf;
    private int len;
    private int samples;
    private Source source;
    private AsrEncoding encoding;
    private long captureTimeMs;

    FrameAssembler(int frameSamples, long firstSequence, Consumer<BufferedFrame> out) {
        this.frameSamples = frameSamples;
        this.nextSequence = firstSequence;
        this.out = out;
    }

    /** {@code n} samples of 16 kHz PCM that arrived at {@code nowMs}/{@code nowNanos} (the last one just captured). */
    void pcm(Source src, short[] pcm, int n, long nowMs, long nowNanos) {
        int i = 0;
        while (i < n) {
            if (buf != null && (source != src || encoding != AsrEncoding.PCM)) {
                complete(nowNanos);
            }
            if (buf == null) {
                start(src, AsrEncoding.PCM, frameSamples * 2, nowMs - (n - i) / 16);
            }
            int take = Math.min(n - i, frameSamples - samples);
            com.jarvis.ingress.media.audio.AudioFrame.toLittleEndian(pcm, i, take, buf, len);
            len += 2 * take;
            samples += take;
            i += take;
            if (samples >= frameSamples) {
                complete(nowNanos);
            }
        }
    }

    /**
     * One RTP Opus packet lasting {@code packetSamples} (16 kHz). Returns false (and keeps nothing) for a packet
     * too large for a frame.
     */
    boolean opus(byte[] packet, int off, int length, int packetSamples, long nowMs, long nowNanos) {
        if (!OpusFrameWriter.fits(length)) {
            return false;
        }
        if (buf != null && (encoding != AsrEncoding.OPUS || !OpusFrameWriter.hasRoom(len, length))) {
            complete(nowNanos);
        }
        if (buf == null) {
            start(Source.RTP, AsrEncoding.OPUS, OPUS_INITIAL_BYTES, nowMs - packetSamples / 16);
        }
        int needed = len + OpusFrameWriter.PREFIX_BYTES + length;
        if (needed > buf.length) { // within MAX_FRAME_BYTES: hasRoom said so
            buf = java.util.Arrays.copyOf(buf, Math.min(OpusFrameWriter.MAX_FRAME_BYTES, Math.max(needed, 2 * buf.length)));
        }
        len = OpusFrameWriter.append(buf, len, packet, off, length);
        samples += packetSamples;
        if (samples >= frameSamples) {
            complete(nowNanos);
        }
        return true;
    }

    /** Completes the frame being filled, if any (media ended, source changed, session ending). */
    void flush(long nowNanos) {
        if (buf != null) {
            complete(nowNanos);
        }
    }

    /** Flushes and returns the end-of-stream frame, numbered after the last audio frame. */
    BufferedFrame endOfStream(long nowMs, long nowNanos) {
        flush(nowNanos);
        return BufferedFrame.endOfStream(nextSequence++, nowMs, nowNanos);
    }

    long nextSequence() {
        return nextSequence;
    }

    private void start(Source src, AsrEncoding enc, int capacity, long captureMs) {
        buf = new byte[capacity];
        len = 0;
        samples = 0;
        source = src;
        encoding = enc;
        captureTimeMs = captureMs;
    }

    private void complete(long nowNanos) {
        byte[] payload = len == buf.length ? buf : java.util.Arrays.copyOf(buf, len);
        BufferedFrame f = new BufferedFrame(nextSequence++, source, encoding, payload, captureTimeMs, nowNanos, false);
        buf = null;
        out.accept(f);
    }
}
