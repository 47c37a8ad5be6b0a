package com.jarvis.ingress.asr;

import java.nio.file.Path;

/**
 * The forwarding configuration (see {@link AsrConfigLoader}). {@code target} is null when ASR_GATEWAY_URL is unset:
 * then nothing is forwarded.
 *
 * @param caFile      PEM trust anchors for grpcs://, or null for the system trust store
 * @param frameMs     audio per frame (20..100 ms)
 * @param bufferMs    audio each session may hold while the gateway is slow or away
 * @param maxSessions sessions forwarded at once on this instance; audio of further sessions is dropped and counted
 */
public record AsrConfig(AsrTarget target, Path caFile, int frameMs, AsrEncoding encoding, int bufferMs,
                        int maxSessions) {

    public boolean enabled() {
        return target != null;
    }

    /** Samples in one full PCM frame at 16 kHz. */
    public int frameSamples() {
        return frameMs * 16;
    }

    /** Most frames a session's buffer holds. */
    public int bufferFrames() {
        return Math.max(1, bufferMs / frameMs);
    }

    /** Most bytes a session's buffer holds: {@code bufferMs} of 16 kHz 16-bit PCM, whatever the encoding. */
    public int bufferBytes() {
        return bufferMs * 32;
    }
}
