package com.jarvis.ingress.bench.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.Arrays;

/** 20 ms Opus packets of a voice-like signal (48 kHz mono, as a browser sends) for the audio benchmarks. */
final class VoicePackets {
    static final int COUNT = 50;

    private VoicePackets() {
    }

    /** Fullband: what a browser sends when the receiver names no {@code maxplaybackrate} (hybrid packets). */
    static byte[][] encode() {
        return encode(false);
    }

    /**
     * With {@code wideband}, what a browser sends for {@code maxplaybackrate=16000} (the router asks for it): the
     * encoder's bandwidth capped at wideband and 20 kbit/s, libwebrtc's default for that rate (SILK-only packets).
     */
    static byte[][] encode(boolean wideband) {
        try {
            OpusEncoder encoder = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(wideband ? 20000 : 32000);
            if (wideband) {
                encoder.setMaxBandwidth(OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND);
            }
            encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
            byte[][] packets = new byte[COUNT][];
            short[] pcm = new short[960];
            byte[] out = new byte[1500];
            long t = 0;
            for (int p = 0; p < COUNT; p++) {
                for (int i = 0; i < pcm.length; i++, t++) {
                    // A gliding, syllable-modulated harmonic signal: closer to voice than a pure tone.
                    double s = t / 48000.0;
                    double f0 = 140 + 40 * Math.sin(2 * Math.PI * 0.7 * s);
                    double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * s);
                    double v = 0;
                    for (int h = 1; h <= 8; h++) {
                        v += Math.sin(2 * Math.PI * f0 * h * s) / h;
                    }
                    pcm[i] = (short) (5000 * envelope * v);
                }
                int n = encoder.encode(pcm, 0, pcm.length, out, 0, out.length);
                packets[p] = Arrays.copyOf(out, n);
            }
            return packets;
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
    }
}
