package com.jarvis.ingress.bench.loadgen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * What a client sends on its data channel besides (or instead of) RTP, one chunk per 20 ms, as the service's
 * data-channel audio format says (docs/webrtc.md): {@code opus}, one Opus packet of the clip per chunk (the session's
 * {@code audioConfig.codec} is opus); {@code pcm}, 20 ms of 16 kHz mono 16-bit little-endian PCM (640 bytes; the
 * session is created with codec pcm); {@code off}, no data channel.
 */
enum ChunkMode {
    OFF, OPUS, PCM;

    /** 20 ms at 16 kHz. */
    private static final int PCM_SAMPLES = 320;
    /** One second of a 440 Hz tone in 50 chunks, shared by all clients (never modified). */
    private static final byte[][] PCM_CHUNKS = pcmTone();

    static ChunkMode parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--chunks must be off, opus or pcm, not '" + s + "'");
        }
    }

    /** The session's {@code audioConfig.codec}. */
    String sessionCodec() {
        return this == PCM ? "pcm" : "opus";
    }

    /** Chunk {@code i} of the stream; shared, never modify it. */
    byte[] chunk(OpusClip clip, long i) {
        return this == PCM ? PCM_CHUNKS[(int) (i % PCM_CHUNKS.length)] : clip.packet(i);
    }

    private static byte[][] pcmTone() {
        byte[][] chunks = new byte[50][];
        for (int c = 0; c < chunks.length; c++) {
            ByteBuffer b = ByteBuffer.allocate(PCM_SAMPLES * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < PCM_SAMPLES; i++) {
                b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * (c * PCM_SAMPLES + i) / 16000.0)));
            }
            chunks[c] = b.array();
        }
        return chunks;
    }
}
