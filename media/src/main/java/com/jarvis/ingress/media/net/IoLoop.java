package com.jarvis.ingress.media.net;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inbox of one I/O thread ({@link UdpEndpoint}, {@link TcpListener}): other threads hand it work that must run
 * on that thread (a packet of a transport this thread owns that arrived on another socket, a transport's receiver
 * report). Bounded: a full inbox refuses the task and the caller counts the drop. The thread runs the tasks after
 * each selector wake-up, so a task waits at most for one batch of packets.
 */
public final class IoLoop {
    /** Tasks waiting at most; covers every transport of a loop posting its receiver report in one timer tick. */
    public static final int INBOX_CAPACITY = 8_192;

    private final Selector selector;
    private final String name;
    // Lock-free and empty until used (an idle loop, e.g. a per-transport port's, holds no array); bounded by count.
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong taskErrors = new AtomicLong();

    IoLoop(Selector selector, String name) {
        this.selector = selector;
        this.name = name;
    }

    /** The loop of the calling thread, or null when it is not an I/O thread (benchmarks, tests, timers). */
    public static IoLoop current() {
        return Thread.currentThread() instanceof IoThread t ? t.loop : null;
    }

    /** A daemon thread named {@code name} serving this loop. */
    Thread newThread(Runnable body) {
        IoThread t = new IoThread(body, name, this);
        t.setDaemon(true);
        return t;
    }

    /** The thread's name ({@code udp-io-<port>[-<i>]}, {@code tcp-io-<port>[-<i>]}). */
    public String name() {
        return name;
    }

    /**
     * Any thread: queues {@code task} for this loop's thread and wakes it. Never blocks.
     *
     * @return false when the inbox is full (the task will not run)
     */
    public boolean execute(Runnable task) {
        if (pending.incrementAndGet() > INBOX_CAPACITY) {
            pending.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        inbox.add(task);
        // The JDK's wakeup writes to the selector's pipe only once per select, so waking every time is cheap.
        selector.wakeup();
        return true;
    }

    /** Tasks refused because the inbox was full. */
    public long refusedCount() {
        return refused.get();
    }

    /** Tasks run. */
    public long executedCount() {
        return executed.get();
    }

    /** Tasks that threw (the loop keeps running). */
    public long taskErrorCount() {
        return taskErrors.get();
    }

    /** Loop thread: true when tasks wait (select without blocking then). */
    boolean hasPending() {
        return pending.get() > 0;
    }

    /** Loop thread: runs the tasks queued so far (not those they queue in turn: those wait for the next turn). */
    void runPending() {
        for (int n = pending.get(); n > 0; n--) {
            Runnable task = inbox.poll();
            if (task == null) {
                return; // counted but not yet added: the next turn takes it
            }
            pending.decrementAndGet();
            executed.incrementAndGet();
            try {
                task.run();
            } catch (RuntimeException e) {
                taskErrors.incrementAndGet();
            }
        }
    }

    /** Loop thread: selects, without blocking while tasks wait. */
    void select(long timeoutMillis) throws IOException {
        if (hasPending()) {
            selector.selectNow();
        } else {
            selector.select(timeoutMillis);
        }
    }

    /** Lets {@link #current()} find the loop without a ThreadLocal lookup on the packet path. */
    private static final class IoThread extends Thread {
        private final IoLoop loop;

        IoThread(Runnable body, String name, IoLoop loop) {
            super(body, name);
            this.loop = loop;
        }
    }
}
