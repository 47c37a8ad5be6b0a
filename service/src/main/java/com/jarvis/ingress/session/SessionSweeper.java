package com.jarvis.ingress.session;

import com.jarvis.ingress.config.IngressConfig;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Every SESSION_CLEANUP_INTERVAL, expires the sessions past their expiresAt (see {@link SessionService#expireDue}). */
@Component
public class SessionSweeper implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SessionSweeper.class);
    static final int BATCH = 200;

    private final SessionService sessions;
    private final IngressConfig config;
    private ScheduledExecutorService scheduler;

    public SessionSweeper(SessionService sessions, IngressConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** One sweep; exceptions (database down) are logged and the next sweep tries again. */
    public int sweepOnce() {
        try {
            int n = sessions.expireDue(BATCH);
            if (n > 0) {
                log.info("Expired {} session(s)", n);
            }
            return n;
        } catch (RuntimeException e) {
            log.warn("Session sweep failed, will retry: {}", e.getMessage());
            return 0;
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = config.sessionCleanupInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepOnce, period, period, TimeUnit.MILLISECONDS);
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
