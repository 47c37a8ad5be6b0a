package com.jarvis.ingress.bench.audio;

import com.jarvis.ingress.media.audio.DecodePool;
import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.media.audio.OpusDecoders;
import com.jarvis.ingress.media.audio.OpusImplementation;
import com.jarvis.ingress.media.audio.OpusStreamDecoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time (not wall time) per decoded 20 ms packet, for each decoder: the figure to plan capacity with on a
 * shared machine, where JMH's wall-clock throughput depends on how much of a core the benchmark thread got.
 * Decodes the voice-like packets of {@link VoicePackets} to 16 kHz in rounds and reports the best round's thread CPU
 * time per packet, and the real-time sessions one core decodes (1 s of CPU / 50 packets per second / cost), for
 * fullband hybrid packets and for the wideband SILK ones a browser sends for {@code maxplaybackrate=16000}. Then
 * the same through a {@link DecodePool} of 2 threads with 64 streams: CPU of the offering thread (the I/O thread's
 * copy into the lanes) plus the decode threads, per packet, hand-over included.
 *
 * <pre>java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' com.jarvis.ingress.bench.audio.OpusDecodeCpu</pre>
 */
public final class OpusDecodeCpu {
    private static final int ROUNDS = 12;
    private static final int PACKETS_PER_ROUND = 20_000;

    private OpusDecodeCpu() {
    }

    public static void main(String[] args) {
        byte[][] packets = VoicePackets.encode();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (OpusImplementation impl : new OpusImplementation[] {OpusImplementation.NATIVE, OpusImplementation.JAVA}) {
            decode(impl, "fullband 32k (hybrid)", packets, cpu);
            decode(impl, "wideband 20k (SILK)", VoicePackets.encode(true), cpu);
        }
        for (OpusImplementation impl : new OpusImplementation[] {OpusImplementation.NATIVE, OpusImplementation.JAVA}) {
            pool(impl, packets, cpu);
        }
    }

    private static void decode(OpusImplementation impl, String kind, byte[][] packets, ThreadMXBean cpu) {
        try (OpusAudioDecoder decoder = OpusDecoders.select(impl).create()) {
            double best = Double.MAX_VALUE;
            long sink = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < PACKETS_PER_ROUND; i++) {
                    byte[] p = packets[i % packets.length];
                    sink += decoder.decode(p, 0, p.length);
                }
                double micros = (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / PACKETS_PER_ROUND;
                if (round >= ROUNDS / 3) { // the first rounds warm the JIT up
                    best = Math.min(best, micros);
                }
            }
            System.out.printf("decoder %-6s %-22s %7.1f us CPU per 20 ms packet, %6.0f sessions per core"
                    + " (check %d)%n", impl.wire(), kind, best, 1_000_000.0 / 50 / best, sink % 7);
        }
    }

    private static void pool(OpusImplementation impl, byte[][] packets, ThreadMXBean cpu) {
        int streams = 64;
        AtomicLong frames = new AtomicLong();
        OpusDecoders decoders = OpusDecoders.select(impl);
        try (DecodePool pool = new DecodePool(2)) {
            DecodePool.Lane[] lanes = new DecodePool.Lane[streams];
            for (int i = 0; i < streams; i++) {
                lanes[i] = pool.open(new OpusStreamDecoder(decoders.create(), f -> frames.incrementAndGet()), 50);
            }
            double best = Double.MAX_VALUE;
            long expected = 0;
            int rounds = impl == OpusImplementation.NATIVE ? 300 : 60;
            for (int round = 0; round < 12; round++) {
                long start = cpu.getCurrentThreadCpuTime() + decodeThreadsCpu(cpu);
                for (int r = 0; r < rounds; r++) {
                    byte[] p = packets[r % packets.length];
                    for (DecodePool.Lane lane : lanes) {
                        while (!lane.offer(p, 0, p.length, 960L * r, r, 0, false)) {
                            LockSupport.parkNanos(100_000);
                        }
                    }
                    expected += streams;
                    if (r % 8 == 7) { // let the pool catch up now and then, as real-time arrival would
                        while (frames.get() < expected) {
                            LockSupport.parkNanos(100_000);
                        }
                    }
                }
                while (frames.get() < expected) {
                    LockSupport.parkNanos(100_000);
                }
                double micros = (cpu.getCurrentThreadCpuTime() + decodeThreadsCpu(cpu) - start) / 1000.0
                        / ((long) rounds * streams);
                if (round >= 4) {
                    best = Math.min(best, micros);
                }
            }
            for (DecodePool.Lane lane : lanes) {
                lane.close();
            }
            System.out.printf("pool    %-6s %7.1f us CPU per packet (offer + hand-over + decode, 2 threads, %d streams),"
                    + " %6.0f sessions per core%n", impl.wire(), best, streams, 1_000_000.0 / 50 / best);
        }
    }

    private static long decodeThreadsCpu(ThreadMXBean cpu) {
        long total = 0;
        for (ThreadInfo t : cpu.getThreadInfo(cpu.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("opus-decode-")) {
                total += Math.max(0, cpu.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }
}
