package com.jarvis.ingress.session;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tells this instance at once when another instance ends or expires a session this one holds resources for (a
 * media transport). Closes made here reach {@link SessionLifecycleListener} instead. Best effort: without Redis, or
 * while it is down, nothing arrives, and the holder's own periodic check has to find it.
 */
public interface SessionClosedElsewhere {
    /** Starts telling about the session; each call is matched by one {@link #unwatch}. */
    void watch(UUID sessionId);

    void unwatch(UUID sessionId);

    /** The one receiver of such closes (called on a Redis I/O thread: it must hand work off, never block). */
    void onClosed(Consumer<UUID> receiver);
}
