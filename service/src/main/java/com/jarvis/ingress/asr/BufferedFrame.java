package com.jarvis.ingress.asr;

import com.jarvis.ingress.asr.v1.AudioFrame.Source;

/**
 * One frame of a session's audio waiting for the gateway: owned bytes (PCM or length-prefixed Opus), its sequence
 * number, when its first sample was captured (wall clock) and when it was complete (its last packet's arrival,
 * {@link System#nanoTime()}), for the send-delay histogram.
 */
record BufferedFrame(long sequence, Source source, AsrEncoding encoding, byte[] payload, long captureTimeMs,
                     long completedNanos, boolean endOfStream) {

    static BufferedFrame endOfStream(long sequence, long nowMs, long nowNanos) {
        return new BufferedFrame(sequence, Source.SOURCE_UNSPECIFIED, AsrEncoding.PCM, new byte[0], nowMs, nowNanos,
                true);
    }

    int bytes() {
        return payload.length;
    }
}
