package com.jarvis.ingress.media.dtls;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the executor that runs BouncyCastle's blocking handshakes: a fixed number of daemon threads with an
 * unbounded task queue, so a reconnect storm queues handshakes instead of rejecting them. Each queued task is
 * one transport that already exists, so the queue is bounded by the number of transports.
 */
public final class DtlsHandshakeExecutor {

    private DtlsHandshakeExecutor() {
    }

    /** A pool of {@code threads} handshake threads; idle threads exit after 60 s. */
    public static ExecutorService newBoundedPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedDaemonThreads());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * The default pool: handshake threads mostly wait for the peer, so more threads than cores help; a
     * handshake that waits for a silent peer holds its thread until the handshake timeout.
     */
    public static ExecutorService newDefaultPool() {
        return newBoundedPool(Math.max(16, 8 * Runtime.getRuntime().availableProcessors()));
    }

    private static final class NamedDaemonThreads implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, "dtls-handshake-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
