package com.jarvis.ingress.bench.dtls;

import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.dtls.DtlsListener;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.dtls.DtlsState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of a DTLS 1.2 handshake as our transports run it (BouncyCastle, ECDSA P-256, client certificate
 * checked against its fingerprint), against our own client in the same process, one handshake after another: the
 * server's CPU per handshake (its handshake thread's CPU time) by blocks of 100, which shows the JIT's warm-up, and
 * at the end the medians of the last half: that CPU, the time from the client's ClientHello to the server's first
 * answering datagram, and the whole handshake. Each end runs on its own thread, as in the service.
 *
 * <pre>java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' com.jarvis.ingress.bench.dtls.DtlsHandshakeCpu [handshakes=2000]</pre>
 */
public final class DtlsHandshakeCpu {
    private DtlsHandshakeCpu() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong serverThread = new AtomicLong();
        ExecutorService serverPool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "server-handshake");
            serverThread.set(t.getId());
            return t;
        });
        ExecutorService clientPool = Executors.newSingleThreadExecutor();
        serverPool.submit(() -> { }).get(); // starts the thread, so its id is known
        DtlsCertificate serverCertificate = DtlsCertificate.generate();
        DtlsCertificate clientCertificate = DtlsCertificate.generate();
        int keep = Math.max(1, n / 2);
        double[] cpu = new double[keep];
        double[] firstAnswer = new double[keep];
        double[] total = new double[keep];
        double[] block = new double[100];
        for (int i = 0; i < n; i++) {
            AtomicLong clientHelloSent = new AtomicLong();
            AtomicLong serverAnswered = new AtomicLong();
            DtlsEndpoint[] ends = new DtlsEndpoint[2];
            CountDownLatch done = new CountDownLatch(2);
            DtlsListener listener = new DtlsListener() {
                @Override
                public void onStateChanged(DtlsState state) {
                    if (state == DtlsState.CONNECTED || state.isTerminal()) {
                        done.countDown();
                    }
                }
            };
            ends[0] = new DtlsEndpoint(serverCertificate, DtlsConfig.defaults(), serverPool, (b, off, len) -> {
                serverAnswered.compareAndSet(0, System.nanoTime());
                ends[1].onPacket(Arrays.copyOfRange(b, off, off + len), 0, len);
            }, listener);
            ends[1] = new DtlsEndpoint(clientCertificate, DtlsConfig.defaults(), clientPool, (b, off, len) -> {
                if (serverAnswered.get() == 0) {
                    clientHelloSent.set(System.nanoTime()); // the last datagram of the first flight
                }
                ends[0].onPacket(Arrays.copyOfRange(b, off, off + len), 0, len);
            }, listener);
            long cpu0 = mx.getThreadCpuTime(serverThread.get());
            long t0 = System.nanoTime();
            ends[0].start(DtlsRole.SERVER, clientCertificate.sha256());
            ends[1].start(DtlsRole.CLIENT, serverCertificate.sha256());
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshake " + i + " did not finish");
            }
            long t1 = System.nanoTime();
            ends[0].close();
            ends[1].close();
            serverPool.submit(() -> { }).get(); // the server's task has ended
            double ms = (mx.getThreadCpuTime(serverThread.get()) - cpu0) / 1e6;
            block[i % 100] = ms;
            if (i % 100 == 99) {
                System.out.printf("handshakes %4d-%4d: server CPU median %.3f ms%n", i - 99, i, median(block));
            }
            int k = i - (n - keep);
            if (k >= 0) {
                cpu[k] = ms;
                firstAnswer[k] = (serverAnswered.get() - clientHelloSent.get()) / 1e6;
                total[k] = (t1 - t0) / 1e6;
            }
        }
        serverPool.shutdownNow();
        clientPool.shutdownNow();
        System.out.printf("last %d of %d: server CPU %.3f ms per handshake; ClientHello -> server's first answer"
                + " %.3f ms; whole handshake %.3f ms (medians)%n", keep, n, median(cpu), median(firstAnswer),
                median(total));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
