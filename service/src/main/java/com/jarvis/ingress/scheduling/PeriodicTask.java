package com.jarvis.ingress.scheduling;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * A background job run on its own daemon thread every {@code period} while the application runs (Spring starts
 * and stops it), with a fixed delay between runs so a slow run never piles up. {@link #runOnce()} must not throw.
 */
public abstract class PeriodicTask implements SmartLifecycle {
    private final String threadName;
    private final Duration initialDelay;
    private final Duration period;
    private ScheduledExecutorService scheduler;

    protected PeriodicTask(String threadName, Duration initialDelay, Duration period) {
        this.threadName = threadName;
        this.initialDelay = initialDelay;
        this.period = period;
    }

    /** One run of the job. */
    protected abstract void runOnce();

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
        scheduler.scheduleWithFixedDelay(this::runOnce, initialDelay.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
