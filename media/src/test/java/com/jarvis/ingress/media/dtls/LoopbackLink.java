package com.jarvis.ingress.media.dtls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * An in-process "network" between two endpoints: each datagram one side sends is copied and delivered to the
 * other side's onPacket on a delivery executor. Records what it carries and can drop datagrams by index.
 */
final class LoopbackLink {

    final Direction toB;
    final Direction toA;

    LoopbackLink(Executor delivery) {
        this.toB = new Direction(delivery);
        this.toA = new Direction(delivery);
    }

    void connect(DtlsEndpoint a, DtlsEndpoint b) {
        toB.target = b;
        toA.target = a;
    }

    static final class Direction implements DtlsPacketSender {
        private final Executor delivery;
        private final AtomicInteger index = new AtomicInteger();
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger dropped = new AtomicInteger();
        volatile DtlsEndpoint target;
        volatile IntPredicate drop = i -> false;

        Direction(Executor delivery) {
            this.delivery = delivery;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            int i = index.getAndIncrement();
            sizes.add(len);
            if (drop.test(i)) {
                dropped.incrementAndGet();
                return;
            }
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            delivery.execute(() -> {
                DtlsEndpoint t = target;
                if (t != null) {
                    t.onPacket(copy, 0, copy.length);
                }
            });
        }

        List<Integer> sizesSnapshot() {
            synchronized (sizes) {
                return new ArrayList<>(sizes);
            }
        }
    }
}
