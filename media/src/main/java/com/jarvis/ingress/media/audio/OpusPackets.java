package com.jarvis.ingress.media.audio;

import io.github.jaredmdobson.concentus.OpusPacketInfo;

/** Facts read from an Opus packet's TOC without decoding it. */
public final class OpusPackets {
    /** The largest legal Opus packet duration: 120 ms. */
    public static final int MAX_SAMPLES_16K = AudioFrame.SAMPLE_RATE * 120 / 1000;

    private OpusPackets() {
    }

    /** The packet's duration in 16 kHz samples, or 0 when its TOC is malformed. */
    public static int samples16k(byte[] packet, int off, int len) {
        if (packet == null || len <= 0 || off < 0 || off > packet.length - len) {
            return 0;
        }
        try {
            int n = OpusPacketInfo.getNumSamples(packet, off, len, AudioFrame.SAMPLE_RATE);
            return n > 0 && n <= MAX_SAMPLES_16K ? n : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
