package com.jarvis.ingress.media.stun;

import com.jarvis.ingress.media.net.Transport;
import java.util.concurrent.atomic.LongAdder;

/** Packets the STUN server handled, by transport and {@link StunResult}; bumped on the I/O threads, read anywhere. */
public final class StunServerCounters {
    private final LongAdder[] counts = new LongAdder[Transport.values().length * StunResult.values().length];

    public StunServerCounters() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void count(Transport transport, StunResult result) {
        counts[index(transport, result)].increment();
    }

    public long get(Transport transport, StunResult result) {
        return counts[index(transport, result)].sum();
    }

    private static int index(Transport transport, StunResult result) {
        return transport.ordinal() * StunResult.values().length + result.ordinal();
    }
}
