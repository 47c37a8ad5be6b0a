package com.jarvis.ingress.media.dtls;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the executors that run BouncyCastle's blocking handshakes. A server uses {@link #newElasticPool}: one
 * thread per handshake in progress, so handshakes never queue behind peers that stall mid-handshake (each such
 * peer holds one parked thread, bounded by the transports it may hold). {@link #newBoundedPool} is a fixed number
 * of threads with an unbounded queue, for clients that drive their own handshakes (tests, the load generator).
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
     * {@code warmThreads} threads started at once and kept, parked, for the pool's life, and one more thread for
     * each further task running at once, up to {@code maxThreads} (those exit after 60 s idle); a task is rejected
     * only beyond that, never queued. A handshake that waits for a silent peer parks its thread until the
     * handshake fails or its transport closes; with a fixed pool, as many stalled peers as threads would stop every
     * other client's handshake. The warm threads are never let go: a pool whose core threads time out starts a new
     * thread for each task until it has its core again, which put a thread start (1-2 ms, up to 13 ms measured)
     * between a client's ClientHello and the server's answer on any instance idle for a minute.
     */
    public static ExecutorService newElasticPool(int warmThreads, int maxThreads) {
        if (warmThreads < 1 || maxThreads < warmThreads) {
            throw new IllegalArgumentException("need 1 <= warmThreads <= maxThreads");
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(warmThreads, maxThreads, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new NamedDaemonThreads());
        pool.prestartAllCoreThreads();
        return pool;
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
