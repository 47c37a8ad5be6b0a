package com.jarvis.ingress.bench.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that drives every client's sending on a fixed 20 ms period: the period is cut into 20 one-millisecond
 * slots, each client is placed in the next slot round-robin, and slot k runs at start + k ms on an absolute
 * schedule (a late tick does not shift later ones), so packets leave evenly spread and without drift whatever the
 * number of clients; more than 200 ms behind, the missed slots are skipped instead of sent in a burst. Lateness is recorded so a run can tell when the generator itself could not keep up.
 */
final class Pacer implements AutoCloseable {
    static final int PERIOD_MILLIS = 20;
    private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** Called every 20 ms on the pacer thread. */
    interface Paced {
        /** @return false to be dropped from the schedule */
        boolean tick(long nowMillis, byte[] scratch);
    }

    private final List<List<Paced>> slots = new ArrayList<>();
    private final List<Queue<Paced>> joining = new ArrayList<>();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final Thread thread;
    private final byte[] scratch = new byte[2048];
    private volatile boolean running = true;
    private volatile long maxLagNanos;
    private volatile long lateTicks;
    private volatile long ticks;
    private volatile long skippedTicks;

    Pacer() {
        for (int i = 0; i < PERIOD_MILLIS; i++) {
            slots.add(new ArrayList<>());
            joining.add(new ConcurrentLinkedQueue<>());
        }
        thread = new Thread(this::run, "loadgen-pacer");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /** Adds a client; it is first ticked within 20 ms. */
    void add(Paced paced) {
        joining.get(Math.floorMod(nextSlot.getAndIncrement(), PERIOD_MILLIS)).add(paced);
    }

    /** Largest delay of a slot behind its due time so far. */
    long maxLagMillis() {
        return TimeUnit.NANOSECONDS.toMillis(maxLagNanos);
    }

    /** Slots that ran more than 5 ms late (their packets left late: the generator was short of CPU). */
    long lateTicks() {
        return lateTicks;
    }

    long ticks() {
        return ticks;
    }

    /** Slots skipped because the pacer was more than 200 ms behind (the generator was starved of CPU). */
    long skippedTicks() {
        return skippedTicks;
    }

    /** Forgets the lateness so far (e.g. after the connect phase). */
    void resetLag() {
        maxLagNanos = 0;
        lateTicks = 0;
        skippedTicks = 0;
    }

    private void run() {
        long start = System.nanoTime();
        long step = TimeUnit.MILLISECONDS.toNanos(1);
        for (long k = 0; running; k++) {
            long due = start + k * step;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long lag = System.nanoTime() - due;
            if (lag > MAX_CATCH_UP_NANOS) {
                // Starved for a while: skip the missed slots (their packets are never sent, as a stalled client's
                // would not be) rather than send them in one burst.
                long skip = lag / step;
                k += skip - 1;
                skippedTicks += skip;
                continue;
            }
            if (lag > maxLagNanos) {
                maxLagNanos = lag;
            }
            if (lag > 5 * step) {
                lateTicks++;
            }
            ticks++;
            int slot = (int) (k % PERIOD_MILLIS);
            List<Paced> list = slots.get(slot);
            for (Paced p; (p = joining.get(slot).poll()) != null; ) {
                list.add(p);
            }
            long now = System.currentTimeMillis();
            list.removeIf(p -> !p.tick(now, scratch));
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
