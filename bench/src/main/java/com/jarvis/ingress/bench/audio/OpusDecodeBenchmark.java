package com.jarvis.ingress.bench.audio;

import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.media.audio.OpusDecoders;
import com.jarvis.ingress.media.audio.OpusImplementation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding one 20 ms Opus packet (48 kHz mono voice-like signal at 32 kbit/s, as a browser sends) to 16 kHz mono,
 * with each decoder: {@code -p decoder=native,java} (the system's libopus through JNA, Concentus). One stream needs
 * 50 ops/s, so ops/s / 50 is the number of real-time streams one core can decode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpusDecodeBenchmark {

    private static final int PACKETS = VoicePackets.COUNT;

    @Param({"native", "java"})
    public String decoder;

    private byte[][] packets;
    private OpusAudioDecoder opus;
    private int next;

    @Setup
    public void encode() {
        packets = VoicePackets.encode();
        opus = OpusDecoders.select(OpusImplementation.parse(decoder)).create();
    }

    @TearDown
    public void close() {
        opus.close();
    }

    @Benchmark
    public int decode20ms() {
        byte[] packet = packets[next];
        next = next + 1 == PACKETS ? 0 : next + 1;
        return opus.decode(packet, 0, packet.length);
    }
}
