package com.jarvis.ingress.session.events;

import com.jarvis.ingress.session.SessionStatus;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One watcher of one session: a bounded queue between the publishers (never blocked: they append under a short
 * lock and leave) and the watcher's transport, written by at most one writer task at a time on the hub's writer
 * pool. The stream starts with a snapshot ({@link #start}); events published between registration and the
 * snapshot wait in the queue, and those the snapshot already shows are dropped. Statuses only move forward, so a
 * stale re-read never sends a session back to an earlier state.
 */
public final class Subscription {
    private enum Marker { HEARTBEAT, END, ABORT }

    private final UUID userId;
    private final UUID sessionId;
    private final EventSink sink;
    private final int capacity;
    private final Executor writers;
    private final Hooks hooks;

    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private boolean started;
    private boolean closed;
    private boolean heartbeatQueued;
    /** Snapshot events still at the head of the queue: they do not count against the live bound. */
    private int snapshotLeft;
    private SessionStatus lastOffered;
    private String abortReason;

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Writer-thread state: the last status written, to skip repeats. */
    private SessionStatus lastSent;

    /** What the hub learns from a subscription. */
    interface Hooks {
        void released(Subscription s);

        void dropped(String reason);

        void sent(SessionEvent e);
    }

    Subscription(UUID userId, UUID sessionId, EventSink sink, int capacity, Executor writers, Hooks hooks) {
        this.userId = userId;
        this.sessionId = sessionId;
        this.sink = sink;
        this.capacity = capacity;
        this.writers = writers;
        this.hooks = hooks;
    }

    public UUID userId() {
        return userId;
    }

    public UUID sessionId() {
        return sessionId;
    }

    /**
     * Begins the stream with the session as it is now. {@code snapshot} starts with the state; the final
     * transcripts it holds are identified by {@code knownFinals} keys ({@link SessionSnapshot#key}).
     */
    public void start(List<SessionEvent> snapshot, Set<String> knownFinals) {
        lock.lock();
        try {
            if (started || released.get()) {
                return;
            }
            started = true;
            SessionEvent.State state = (SessionEvent.State) snapshot.get(0);
            if (state.closes()) {
                queue.clear();
                queue.addAll(snapshot);
                queue.add(Marker.END);
                closed = true;
            } else {
                // Events published while the snapshot was read: keep those it does not already show.
                ArrayDeque<Object> early = new ArrayDeque<>(queue);
                queue.clear();
                queue.addAll(snapshot);
                snapshotLeft = snapshot.size();
                lastOffered = state.status();
                for (Object o : early) {
                    if (o instanceof SessionEvent.Heard h && h.transcript().isFinal()
                            && knownFinals.contains(SessionSnapshot.key(h.transcript()))) {
                        continue;
                    }
                    if (o instanceof SessionEvent.State s && !advances(s.status())) {
                        continue;
                    }
                    if (o instanceof SessionEvent.State s) {
                        lastOffered = s.status();
                    }
                    queue.add(o);
                    if (o == Marker.END) {
                        closed = true;
                        break;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        schedule();
    }

    /** A live event from a publisher. Never blocks; drops the oldest queued event when the watcher lags. */
    void offer(SessionEvent event) {
        lock.lock();
        try {
            if (closed || released.get()) {
                return;
            }
            if (event instanceof SessionEvent.State s) {
                // Before the snapshot, every state is kept: start() filters them against it.
                if (started && !advances(s.status())) {
                    return;
                }
                if (started) {
                    lastOffered = s.status();
                }
            }
            if (queue.size() - snapshotLeft >= capacity && dropOldestEvent()) {
                hooks.dropped(SessionEventHub.DROP_QUEUE_FULL);
            }
            queue.add(event);
            if (event instanceof SessionEvent.State s && s.closes()) {
                queue.add(Marker.END);
                closed = true;
            }
        } finally {
            lock.unlock();
        }
        schedule();
    }

    /** Queues a keep-alive when the stream is idle. */
    void heartbeat() {
        lock.lock();
        try {
            if (!started || closed || heartbeatQueued || !queue.isEmpty()) {
                return;
            }
            heartbeatQueued = true;
            queue.add(Marker.HEARTBEAT);
        } finally {
            lock.unlock();
        }
        schedule();
    }

    /** Cuts the stream for a reason of ours (shutdown): queued events are discarded, the client reconnects. */
    void abort(String reason) {
        lock.lock();
        try {
            if (released.get()) {
                return;
            }
            queue.clear();
            snapshotLeft = 0;
            queue.add(Marker.ABORT);
            abortReason = reason;
            closed = true;
            started = true;
        } finally {
            lock.unlock();
        }
        schedule();
    }

    /** The transport can take more again (gRPC onReady). */
    public void wake() {
        schedule();
    }

    /** The watcher went away (client cancel, disconnect) or the stream is over: frees its place and its queue. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            lock.lock();
            try {
                queue.clear();
                snapshotLeft = 0;
                closed = true;
            } finally {
                lock.unlock();
            }
            hooks.released(this);
        }
    }

    public boolean isReleased() {
        return released.get();
    }

    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean advances(SessionStatus next) {
        if (lastOffered == null) {
            return true;
        }
        if (!lastOffered.isOpen()) {
            return false;
        }
        return next.ordinal() > lastOffered.ordinal();
    }

    /** Drops the oldest live event (not the snapshot, not the end of the stream). */
    private boolean dropOldestEvent() {
        int skip = snapshotLeft;
        for (Iterator<Object> it = queue.iterator(); it.hasNext(); ) {
            Object o = it.next();
            if (skip-- > 0) {
                continue;
            }
            if (o instanceof SessionEvent.State s && s.closes()) {
                return false;
            }
            if (o instanceof SessionEvent) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private void schedule() {
        if (!released.get() && scheduled.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                hooks.dropped(SessionEventHub.DROP_OVERLOAD);
                release();
            }
        }
    }

    private void drain() {
        try {
            while (true) {
                Object item = next();
                if (item == null) {
                    scheduled.set(false);
                    if (hasWork() && scheduled.compareAndSet(false, true)) {
                        continue;
                    }
                    return;
                }
                if (!write(item)) {
                    return;
                }
            }
        } catch (Exception e) {
            // The watcher is gone (closed connection, cancelled call): nothing to tell it.
            release();
        }
    }

    /** @return false when the stream is over */
    private boolean write(Object item) throws Exception {
        if (item instanceof SessionEvent.State s) {
            if (s.status() != lastSent) {
                lastSent = s.status();
                sink.send(s);
                hooks.sent(s);
            }
        } else if (item instanceof SessionEvent e) {
            sink.send(e);
            hooks.sent(e);
        } else if (item == Marker.HEARTBEAT) {
            sink.heartbeat();
        } else if (item == Marker.END) {
            release();
            sink.complete();
            return false;
        } else if (item == Marker.ABORT) {
            release();
            sink.abort(abortReason);
            return false;
        }
        return true;
    }

    private Object next() {
        lock.lock();
        try {
            if (!started || queue.isEmpty() || released.get()) {
                return null;
            }
            Object head = queue.peekFirst();
            if (head != Marker.ABORT && !sink.ready()) {
                return null;
            }
            queue.pollFirst();
            if (snapshotLeft > 0) {
                snapshotLeft--;
            }
            if (head == Marker.HEARTBEAT) {
                heartbeatQueued = false;
            }
            return head;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasWork() {
        lock.lock();
        try {
            return started && !released.get() && !queue.isEmpty()
                    && (queue.peekFirst() == Marker.ABORT || sink.ready());
        } finally {
            lock.unlock();
        }
    }
}
