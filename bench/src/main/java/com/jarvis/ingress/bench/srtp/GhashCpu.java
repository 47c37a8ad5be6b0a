package com.jarvis.ingress.bench.srtp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;

/**
 * Thread CPU time of GHASH per SRTP packet (8 blocks: a ~100-byte Opus payload and its header) with one multiplier
 * per session and the sessions taking turns, as packets of many streams arrive: BouncyCastle's 4k table multiplier
 * against the untabled one, for 1, 500 and 2,000 sessions. The table is fast only while it stays in the CPU cache.
 *
 * <pre>java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' com.jarvis.ingress.bench.srtp.GhashCpu</pre>
 */
public final class GhashCpu {
    private static final int PACKETS_PER_ROUND = 100_000;
    private static final int BLOCKS_PER_PACKET = 8;

    private GhashCpu() {
    }

    public static void main(String[] args) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Random random = new Random(1);
        for (String kind : new String[] {"4k table", "untabled"}) {
            for (int sessions : new int[] {1, 500, 2000}) {
                GCMMultiplier[] m = new GCMMultiplier[sessions];
                for (int i = 0; i < sessions; i++) {
                    byte[] h = new byte[16];
                    random.nextBytes(h);
                    m[i] = kind.equals("4k table") ? new Tables4kGCMMultiplier() : new BasicGCMMultiplier();
                    m[i].init(h);
                }
                byte[] x = new byte[16];
                double best = Double.MAX_VALUE;
                long check = 0;
                for (int round = 0; round < 8; round++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (int p = 0; p < PACKETS_PER_ROUND; p++) {
                        GCMMultiplier g = m[p % sessions];
                        for (int b = 0; b < BLOCKS_PER_PACKET; b++) {
                            x[b] ^= (byte) p;
                            g.multiplyH(x);
                        }
                        check += x[0];
                    }
                    double nanos = (cpu.getCurrentThreadCpuTime() - t0) / (double) PACKETS_PER_ROUND;
                    if (round >= 3) { // JIT warm-up
                        best = Math.min(best, nanos);
                    }
                }
                System.out.printf("%-8s %5d sessions: %6.0f ns GHASH per packet (check %d)%n", kind, sessions, best,
                        check & 1);
            }
        }
    }
}
