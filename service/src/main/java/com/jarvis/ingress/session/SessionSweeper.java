package com.jarvis.ingress.session;

import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.scheduling.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Every SESSION_CLEANUP_INTERVAL, expires the sessions past their expiresAt (see {@link SessionService#expireDue}). */
@Component
public class SessionSweeper extends PeriodicTask {
    private static final Logger log = LoggerFactory.getLogger(SessionSweeper.class);
    static final int BATCH = 200;

    private final SessionService sessions;

    public SessionSweeper(SessionService sessions, IngressConfig config) {
        super("session-sweeper", config.sessionCleanupInterval(), config.sessionCleanupInterval());
        this.sessions = sessions;
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
    protected void runOnce() {
        sweepOnce();
    }
}
