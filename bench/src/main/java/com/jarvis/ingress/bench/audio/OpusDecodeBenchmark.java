package com.jarvis.ingress.bench.audio;

import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding one 20 ms Opus packet (48 kHz mono voice-like signal at 32 kbit/s, as a browser sends) to 16 kHz mono.
 * One stream needs 50 ops/s, so ops/s / 50 is the number of real-time streams one core can decode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpusDecodeBenchmark {

    private static final int PACKETS = 50;

    private byte[][] packets;
    private OpusAudioDecoder decoder;
    private int next;

    @Setup
    public void encode() throws OpusException {
        OpusEncoder encoder = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.setBitrate(32000);
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        packets = new byte[PACKETS][];
        short[] pcm = new short[960];
        byte[] out = new byte[1500];
        long t = 0;
        for (int p = 0; p < PACKETS; p++) {
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
        decoder = new OpusAudioDecoder();
    }

    @Benchmark
    public int decode20ms() {
        byte[] packet = packets[next];
        next = next + 1 == PACKETS ? 0 : next + 1;
        return decoder.decode(packet, 0, packet.length);
    }
}
