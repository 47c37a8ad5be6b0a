package com.jarvis.ingress.bench.audio;

import com.jarvis.ingress.media.audio.DecodePool;
import com.jarvis.ingress.media.audio.OpusDecoders;
import com.jarvis.ingress.media.audio.OpusImplementation;
import com.jarvis.ingress.media.audio.OpusStreamDecoder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The decode pool under many streams: one op offers the next 20 ms packet of each of {@link #STREAMS} streams (as the
 * I/O thread does: copy into the stream's lane) and waits until all their frames were delivered by the pool's
 * {@code threads}. ops/s × 32 = packets decoded per second; / 50 = real-time sessions the pool carries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodePoolBenchmark {
    static final int STREAMS = 32;
    private static final int PACKETS = VoicePackets.COUNT;

    @Param({"native", "java"})
    public String decoder;

    @Param({"1", "2"})
    public int threads;

    private final AtomicLong frames = new AtomicLong();
    private DecodePool pool;
    private DecodePool.Lane[] lanes;
    private byte[][] packets;
    private long expected;
    private int next;

    @Setup
    public void setUp() {
        packets = VoicePackets.encode();
        OpusDecoders decoders = OpusDecoders.select(OpusImplementation.parse(decoder));
        pool = new DecodePool(threads);
        lanes = new DecodePool.Lane[STREAMS];
        for (int i = 0; i < STREAMS; i++) {
            lanes[i] = pool.open(new OpusStreamDecoder(decoders.create(), f -> frames.incrementAndGet()), 50);
        }
    }

    @TearDown
    public void tearDown() {
        for (DecodePool.Lane l : lanes) {
            l.close();
        }
        pool.close();
    }

    @Benchmark
    public long decodeOnePacketOfEachStream() {
        byte[] p = packets[next % PACKETS];
        for (DecodePool.Lane lane : lanes) {
            if (!lane.offer(p, 0, p.length, 960L * next, next & 0xffff, 0, false)) {
                throw new IllegalStateException("lane full");
            }
        }
        next++;
        expected += STREAMS;
        while (frames.get() < expected) {
            Thread.onSpinWait();
        }
        return expected;
    }
}
