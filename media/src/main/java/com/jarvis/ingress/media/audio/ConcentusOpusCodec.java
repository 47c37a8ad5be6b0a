package com.jarvis.ingress.media.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Concentus (pure Java) at 48 kHz mono. Concentus 1.0.2 returns silence for hybrid-mode packets (what browsers send
 * for full-band voice) below 48 kHz (lostromb/concentus#67), so it decodes at 48 kHz and the caller resamples.
 */
final class ConcentusOpusCodec implements OpusCodec {
    static final int RATE = 48_000;

    private final OpusDecoder decoder;
    private volatile boolean closed;

    ConcentusOpusCodec() {
        try {
            decoder = new OpusDecoder(RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus rejected 48 kHz mono", e);
        }
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public int decode(byte[] packet, int off, int len, short[] pcm, int frameSize, boolean fec) {
        if (closed) {
            return -1;
        }
        try {
            return decoder.decode(packet, off, len, pcm, 0, frameSize, fec);
        } catch (OpusException e) {
            return -1;
        } catch (RuntimeException e) {
            // Concentus is a port of C code: a hostile packet may trip an index check. Its state is then
            // suspect, so start over rather than decode the rest of the stream from it.
            decoder.resetState();
            return -1;
        }
    }

    @Override
    public void reset() {
        decoder.resetState();
    }

    @Override
    public void close() {
        closed = true;
    }
}
