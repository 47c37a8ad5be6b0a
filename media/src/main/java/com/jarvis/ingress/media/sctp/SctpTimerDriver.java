package com.jarvis.ingress.media.sctp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Drives the timers of many associations from one shared {@link ScheduledExecutorService}: at most one pending
 * task per association, scheduled for its {@link SctpAssociation#nextTimerDeadline()}. Call {@link #kick} after
 * anything that may have started or moved a timer (a received packet, a send, connect, shutdown).
 */
public final class SctpTimerDriver {
    private record Pending(long deadline, ScheduledFuture<?> future, Object token) {
    }

    private final ScheduledExecutorService executor;
    private final LongSupplier clock;
    private final ConcurrentHashMap<SctpAssociation, Pending> pending = new ConcurrentHashMap<>();

    public SctpTimerDriver(ScheduledExecutorService executor, LongSupplier clockMillis) {
        this.executor = executor;
        this.clock = clockMillis;
    }

    /** Makes sure a task runs at the association's next deadline (no-op if one is already due by then). */
    public void kick(SctpAssociation a) {
        long deadline = a.nextTimerDeadline();
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        pending.compute(a, (k, cur) -> {
            if (cur != null && !cur.future().isDone() && cur.deadline() <= deadline) {
                return cur;
            }
            if (cur != null) {
                cur.future().cancel(false);
            }
            long delay = Math.max(0, deadline - clock.getAsLong());
            Object token = new Object();
            return new Pending(deadline, executor.schedule(() -> fire(a, token), delay, TimeUnit.MILLISECONDS),
                    token);
        });
    }

    /** Forgets an association (closed or discarded) and cancels its task. */
    public void remove(SctpAssociation a) {
        Pending p = pending.remove(a);
        if (p != null) {
            p.future().cancel(false);
        }
    }

    public int scheduledCount() {
        return pending.size();
    }

    private void fire(SctpAssociation a, Object token) {
        // Forget our own entry first: while this task runs its future is not done, and a kick that saw it would
        // think a task is still coming and schedule nothing, so the association's timers would stop.
        pending.computeIfPresent(a, (k, cur) -> cur.token() == token ? null : cur);
        a.onTimer(clock.getAsLong());
        if (a.state() == SctpState.CLOSED && a.nextTimerDeadline() == Long.MAX_VALUE) {
            remove(a);
        } else {
            kick(a);
        }
    }
}
