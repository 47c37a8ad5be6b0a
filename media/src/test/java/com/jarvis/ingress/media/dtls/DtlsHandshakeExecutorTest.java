package com.jarvis.ingress.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DtlsHandshakeExecutorTest {

    @Test
    void elasticPoolHandsHandshakesToItsWarmThreadsInsteadOfStartingOnePerHandshake() throws Exception {
        ExecutorService pool = DtlsHandshakeExecutor.newElasticPool(4, 100);
        try {
            ThreadPoolExecutor tpe = (ThreadPoolExecutor) pool;
            // Started with the pool and kept: no thread start between a ClientHello and the server's answer.
            assertThat(tpe.getPoolSize()).isEqualTo(4);
            assertThat(tpe.allowsCoreThreadTimeOut()).isFalse();
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 50; i++) {
                pool.submit(() -> ran.add(Thread.currentThread())).get(5, TimeUnit.SECONDS);
            }
            assertThat(ran).hasSizeLessThanOrEqualTo(4);
            assertThat(tpe.getLargestPoolSize()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void elasticPoolGrowsPastItsWarmThreadsRatherThanQueueing() throws Exception {
        ExecutorService pool = DtlsHandshakeExecutor.newElasticPool(2, 100);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(10);
        try {
            for (int i = 0; i < 10; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            // Ten parked "handshakes" all run at once: none waits behind the others.
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(((ThreadPoolExecutor) pool).getPoolSize()).isEqualTo(10);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
