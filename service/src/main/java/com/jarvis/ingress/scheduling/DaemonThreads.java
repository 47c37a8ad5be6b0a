package com.jarvis.ingress.scheduling;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the service's background threads: daemons (they never hold the JVM up), named for dumps. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads all called {@code name}: for single-thread executors. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Threads called {@code prefix-0}, {@code prefix-1}, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
