package com.jarvis.ingress.media.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Two associations joined by an in-process link with a virtual clock: fixed one-way delay, and optional seeded
 * loss, reordering (random extra delay) and duplication. Everything runs on the test thread.
 */
final class TestLink {
    record Received(int streamId, int ppid, byte[] data) {
    }

    /** Records what one side's association reports. */
    static final class Recorder implements SctpAssociationListener {
        final List<Received> messages = new ArrayList<>();
        final List<SctpState> states = new ArrayList<>();
        final List<int[]> incomingResets = new ArrayList<>();
        final List<int[]> outgoingResets = new ArrayList<>();
        SctpAssociationListener forward;

        @Override
        public void onStateChanged(SctpState state) {
            states.add(state);
            if (forward != null) {
                forward.onStateChanged(state);
            }
        }

        @Override
        public void onMessage(int streamId, int ppid, byte[] data) {
            messages.add(new Received(streamId, ppid, data));
            if (forward != null) {
                forward.onMessage(streamId, ppid, data);
            }
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
            incomingResets.add(streamIds);
            if (forward != null) {
                forward.onIncomingStreamsReset(streamIds);
            }
        }

        @Override
        public void onOutgoingStreamsReset(int[] streamIds) {
            outgoingResets.add(streamIds);
            if (forward != null) {
                forward.onOutgoingStreamsReset(streamIds);
            }
        }
    }

    private record InFlight(long at, long seq, boolean toServer, byte[] bytes) {
    }

    static final SctpCookieSecret SECRET = SctpCookieSecret.of(new byte[32]);

    final SctpAssociation client;
    final SctpAssociation server;
    final Recorder clientEvents = new Recorder();
    final Recorder serverEvents = new Recorder();
    long now = 1_000_000;
    long delayMillis = 5;
    double loss;
    double duplicate;
    int reorderJitterMillis;
    long packetsCarried;
    long packetsLost;
    private final Random random;
    private long seq;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));

    TestLink(SctpConfig clientConfig, SctpConfig serverConfig, long seed) {
        random = new Random(seed);
        client = new SctpAssociation(clientConfig, SECRET, (b, o, l) -> carry(true, b, o, l), clientEvents,
                () -> now);
        server = new SctpAssociation(serverConfig, SECRET, (b, o, l) -> carry(false, b, o, l), serverEvents,
                () -> now);
    }

    TestLink() {
        this(SctpConfig.defaults(), SctpConfig.defaults(), 1);
    }

    private void carry(boolean toServer, byte[] b, int off, int len) {
        packetsCarried++;
        if (loss > 0 && random.nextDouble() < loss) {
            packetsLost++;
            return;
        }
        int copies = duplicate > 0 && random.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long jitter = reorderJitterMillis > 0 ? random.nextInt(reorderJitterMillis) : 0;
            queue.add(new InFlight(now + delayMillis + jitter, seq++, toServer,
                    java.util.Arrays.copyOfRange(b, off, off + len)));
        }
    }

    void handshake() {
        client.connect(now);
        runFor(1000);
        if (client.state() != SctpState.ESTABLISHED || server.state() != SctpState.ESTABLISHED) {
            throw new AssertionError("handshake failed: " + client.state() + " / " + server.state());
        }
    }

    /** Runs packets and timers until nothing is pending before {@code now + millis}. */
    void runFor(long millis) {
        long end = now + millis;
        while (true) {
            long next = Math.min(queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at,
                    Math.min(client.nextTimerDeadline(), server.nextTimerDeadline()));
            if (next > end) {
                break;
            }
            now = Math.max(now, next);
            if (!queue.isEmpty() && queue.peek().at <= now) {
                InFlight p = queue.poll();
                (p.toServer ? server : client).onPacket(p.bytes, 0, p.bytes.length, now);
            }
            if (client.nextTimerDeadline() <= now) {
                client.onTimer(now);
            }
            if (server.nextTimerDeadline() <= now) {
                server.onTimer(now);
            }
        }
        now = Math.max(now, end);
    }

    /** Runs until the link is idle (no packets, no timers within a minute). */
    void runUntilIdle() {
        runFor(60_000);
    }

    int inFlight() {
        return queue.size();
    }
}
