package com.jarvis.ingress.bench.srtp;

import com.jarvis.ingress.media.srtp.SrtpProfile;
import java.lang.management.ManagementFactory;

/**
 * CPU time and allocation (not wall time) per packet of {@link SrtpBenchmark#unprotectParseAndStats}, for each
 * profile: SRTP unprotect, RTP parse, receive statistics. Thread CPU time is what a shared machine does not
 * inflate the way it does JMH's wall-clock throughput, so before/after comparisons hold under load. Reports, from the
 * best round: the benchmark thread's CPU ns per packet, the whole process's (which adds the garbage collector's
 * work, and the JIT's if it is still compiling), and the bytes the thread allocated per packet (ThreadMXBean).
 *
 * <pre>java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' com.jarvis.ingress.bench.srtp.SrtpCpu</pre>
 */
public final class SrtpCpu {
    private static final int ROUNDS = 15;
    private static final int PACKETS_PER_ROUND = 400_000;

    private SrtpCpu() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long self = Thread.currentThread().getId();
        for (SrtpProfile profile : new SrtpProfile[] {SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM}) {
            SrtpBenchmark bench = new SrtpBenchmark();
            bench.profile = profile;
            bench.setUp();
            double best = Double.MAX_VALUE;
            double bestProcess = Double.MAX_VALUE;
            double bytes = 0;
            long sink = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long a0 = threads.getThreadAllocatedBytes(self);
                long c0 = threads.getCurrentThreadCpuTime();
                long p0 = os.getProcessCpuTime();
                for (int i = 0; i < PACKETS_PER_ROUND; i++) {
                    sink += bench.unprotectParseAndStats();
                }
                double nanos = (threads.getCurrentThreadCpuTime() - c0) / (double) PACKETS_PER_ROUND;
                double processNanos = (os.getProcessCpuTime() - p0) / (double) PACKETS_PER_ROUND;
                double allocated = (threads.getThreadAllocatedBytes(self) - a0) / (double) PACKETS_PER_ROUND;
                if (round >= ROUNDS / 3) { // the first rounds warm the JIT up
                    best = Math.min(best, nanos);
                    bestProcess = Math.min(bestProcess, processNanos);
                    bytes = allocated;
                }
            }
            System.out.printf("%-24s %6.0f ns thread CPU per packet, %6.0f ns process CPU, %7.1f B allocated per packet"
                    + " (check %d)%n", profile, best, bestProcess, bytes, sink % 7);
        }
    }
}
