package com.jarvis.ingress.bench.loadgen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the UDP sockets of all simulated clients with a few selector threads (never a thread per client) and hands
 * each datagram to its client's {@link Receiver} on that thread.
 */
final class UdpReactor implements AutoCloseable {

    /** Gets the datagrams of one socket; called on a reactor thread, the buffer is reused afterwards. */
    interface Receiver {
        void onDatagram(byte[] buf, int len);
    }

    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong readErrors = new AtomicLong();

    UdpReactor(int threads) throws IOException {
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop(Selector.open(), "loadgen-udp-" + i);
            loops[i].thread.start();
        }
    }

    /** Starts reading {@code channel} (switched to non-blocking) for {@code receiver}. */
    void register(DatagramChannel channel, Receiver receiver) throws IOException {
        channel.configureBlocking(false);
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        loop.pending.add(new Registration(channel, receiver));
        loop.selector.wakeup();
    }

    /** Reads that failed (e.g. ICMP port unreachable after the server closed a port). */
    long readErrors() {
        return readErrors.get();
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.running = false;
            try {
                loop.selector.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                loop.thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Registration(DatagramChannel channel, Receiver receiver) {
    }

    private final class Loop implements Runnable {
        final Selector selector;
        final Thread thread;
        final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
        final ByteBuffer buffer = ByteBuffer.allocate(65_536);
        volatile boolean running = true;

        Loop(Selector selector, String name) {
            this.selector = selector;
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(100);
                    for (Registration r; (r = pending.poll()) != null; ) {
                        if (r.channel().isOpen()) {
                            r.channel().register(selector, SelectionKey.OP_READ, r.receiver());
                        }
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        if (key.isValid() && key.isReadable()) {
                            drain((DatagramChannel) key.channel(), (Receiver) key.attachment(), key);
                        }
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                // closed
            }
        }

        private void drain(DatagramChannel channel, Receiver receiver, SelectionKey key) {
            for (int i = 0; i < 64; i++) {
                buffer.clear();
                int n;
                try {
                    n = channel.read(buffer);
                } catch (IOException e) {
                    readErrors.incrementAndGet();
                    if (!channel.isOpen()) {
                        key.cancel();
                    }
                    return;
                }
                if (n <= 0) {
                    return;
                }
                receiver.onDatagram(buffer.array(), n);
            }
        }
    }
}
