package com.jarvis.ingress.session;

import java.time.Instant;
import java.util.UUID;

/**
 * Told of what happens in a session, for devices watching it live (see session.events). Called after the change
 * is stored, on the thread that made it: implementations must not block or throw.
 */
public interface SessionEventPublisher {
    /** The session's status is now {@code status} (changed at {@code at}). */
    void stateChanged(UUID sessionId, SessionStatus status, Instant at);

    /** Speech recognition heard something, interim or final. */
    void transcript(UUID sessionId, Transcript transcript);
}
