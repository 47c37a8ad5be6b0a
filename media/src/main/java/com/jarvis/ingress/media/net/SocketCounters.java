package com.jarvis.ingress.media.net;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of {@link SocketEvent}s by {@link Transport}, shared by every socket opened with it: a server's sockets
 * (all I/O threads, and per-transport sockets that come and go) add to one set that only grows, so it can be
 * exported as monotonic counters. Bumped on the I/O threads and by senders without contention (LongAdder).
 */
public final class SocketCounters {
    private static final int EVENTS = SocketEvent.values().length;

    private final LongAdder[] counts = new LongAdder[Transport.values().length * EVENTS];

    public SocketCounters() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void count(Transport transport, SocketEvent event) {
        counts[transport.ordinal() * EVENTS + event.ordinal()].increment();
    }

    public long get(Transport transport, SocketEvent event) {
        return counts[transport.ordinal() * EVENTS + event.ordinal()].sum();
    }
}
