package com.jarvis.ingress.session;

import com.jarvis.ingress.scheduling.DaemonThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@code ingress_sessions_active}: open sessions (pending or active) in the shared database, counted every
 * {@value #REFRESH_SECONDS} s by a background thread so that a scrape never waits on the database. The value is
 * cluster-wide: aggregate it across instances with max(), not sum(). While the database is down it keeps the
 * last known value.
 */
@Component
public class OpenSessionsGauge implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(OpenSessionsGauge.class);
    static final long REFRESH_SECONDS = 15;

    private final SessionRepository sessions;
    private final AtomicLong open = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("open-sessions-gauge"));

    public OpenSessionsGauge(SessionRepository sessions, MeterRegistry registry) {
        this.sessions = sessions;
        Gauge.builder("ingress.sessions.active", open, AtomicLong::get)
                .description("Open (pending or active) sessions in the database").register(registry);
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** Counts now; also called by tests that need the value without waiting. */
    public void refresh() {
        try {
            open.set(sessions.countOpen());
        } catch (RuntimeException e) {
            log.debug("Counting open sessions failed: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
