package com.jarvis.ingress.session.events;

import java.util.UUID;

/**
 * Carries session events between instances: a device's event stream may be served by another instance than the
 * one where its session changes (its media, and so its transcripts, live on one instance; the load balancer may
 * send its SSE request anywhere). Every call returns at once; delivery is best effort.
 */
public interface EventRelay extends AutoCloseable {
    /** No other instances (no REDIS_URL): nothing to carry. */
    EventRelay NONE = new EventRelay() {
        @Override
        public void start(java.util.function.Consumer<SessionEvent> receiver) {
        }

        @Override
        public void publish(SessionEvent event) {
        }

        @Override
        public void watch(UUID sessionId) {
        }

        @Override
        public void unwatch(UUID sessionId) {
        }

        @Override
        public void close() {
        }
    };

    /** Events of watched sessions published by other instances go to {@code receiver} (never this instance's own). */
    void start(java.util.function.Consumer<SessionEvent> receiver);

    /** An event that happened on this instance, for the other instances' watchers. */
    void publish(SessionEvent event);

    /**
     * Something here wants the session's events from elsewhere (its event watchers, its media). Counted: each call is
     * matched by one {@link #unwatch}, and the session is watched from the first watch to the last unwatch.
     */
    void watch(UUID sessionId);

    /**
     * Waits (briefly, bounded) until events of a watched session published elsewhere do arrive here, so a snapshot
     * read afterwards misses nothing in between.
     */
    default void awaitWatching(UUID sessionId) {
    }

    /** One watch of the session fewer. */
    void unwatch(UUID sessionId);

    @Override
    void close();
}
