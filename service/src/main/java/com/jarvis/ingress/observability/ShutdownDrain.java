package com.jarvis.ingress.observability;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * On shutdown, readiness turns 503 first (Boot publishes REFUSING_TRAFFIC as the context closes); this keeps the
 * server accepting for SHUTDOWN_DRAIN_DELAY (default 0 s) so load balancers see it and stop sending traffic before
 * the graceful shutdown stops accepting and waits (up to 30 s) for in-flight requests.
 */
@Component
public class ShutdownDrain implements ApplicationListener<ContextClosedEvent> {
    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);
    private final Duration delay;

    public ShutdownDrain(@Value("${SHUTDOWN_DRAIN_DELAY:0s}") Duration delay) {
        this.delay = delay;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        log.info("Shutting down: readiness is 503; still accepting for {} ms before draining", delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
