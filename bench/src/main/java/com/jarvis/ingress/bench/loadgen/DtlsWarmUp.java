package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.dtls.DtlsHandshakeExecutor;
import com.jarvis.ingress.media.dtls.DtlsListener;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.dtls.DtlsState;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs DTLS handshakes between two endpoints inside the generator before any client connects, so that the
 * generator's own BouncyCastle client code is JIT-compiled: a fresh JVM's first handshakes take 100-350 ms of
 * client CPU (against ~2-5 ms warm), which a browser's native DTLS never costs and which would otherwise be
 * counted as the server's connect time.
 */
final class DtlsWarmUp {
    private DtlsWarmUp() {
    }

    /** {@code handshakes} handshakes in the client role against an in-memory server; returns the last one's ms. */
    static double run(int handshakes, DtlsCertificate clientCertificate) throws InterruptedException {
        // Its own two threads: both ends block in BouncyCastle at once, whatever the run's pool size.
        ExecutorService executor = DtlsHandshakeExecutor.newBoundedPool(2);
        try {
            return run(handshakes, clientCertificate, executor);
        } finally {
            executor.shutdownNow();
        }
    }

    private static double run(int handshakes, DtlsCertificate clientCertificate, ExecutorService executor)
            throws InterruptedException {
        DtlsCertificate serverCertificate = DtlsCertificate.generate();
        double last = -1;
        for (int i = 0; i < handshakes; i++) {
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
            ends[0] = new DtlsEndpoint(serverCertificate, DtlsConfig.defaults(), executor,
                    (b, off, len) -> ends[1].onPacket(Arrays.copyOfRange(b, off, off + len), 0, len), listener);
            ends[1] = new DtlsEndpoint(clientCertificate, DtlsConfig.defaults(), executor,
                    (b, off, len) -> ends[0].onPacket(Arrays.copyOfRange(b, off, off + len), 0, len), listener);
            long t0 = System.nanoTime();
            ends[0].start(DtlsRole.SERVER, clientCertificate.sha256());
            ends[1].start(DtlsRole.CLIENT, serverCertificate.sha256());
            boolean finished = done.await(10, TimeUnit.SECONDS);
            last = finished ? (System.nanoTime() - t0) / 1e6 : -1;
            ends[0].close();
            ends[1].close();
        }
        return last;
    }
}
